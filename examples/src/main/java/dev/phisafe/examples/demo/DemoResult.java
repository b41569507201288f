package dev.phisafe.examples.demo;

import dev.phisafe.core.audit.JournalVerification;
import java.nio.file.Path;
import java.util.List;

/**
 * What one run of {@link ClinicDemo} did, for its tests and for callers that embed it.
 *
 * @param standIn       whether the offline stand-in answered (no model configured, or {@code --offline})
 * @param storedRows    rows in the in-memory store after ingestion
 * @param plaintextHits note texts or planted identifiers found in the store's serialized segments (0 expected)
 * @param exchanges     the clinician questions, in order
 * @param review        the review-gate step
 * @param journal       the verification of the audit journal
 * @param evidenceFiles the evidence package's files
 * @param outDir        where journal and evidence were written
 */
public record DemoResult(boolean standIn, int storedRows, int plaintextHits, List<Exchange> exchanges, Review review,
        JournalVerification journal, List<Path> evidenceFiles, Path outDir) {

    /** Copies the lists. */
    public DemoResult {
        exchanges = List.copyOf(exchanges);
        evidenceFiles = List.copyOf(evidenceFiles);
    }

    /**
     * One clinician question through the guarded RAG chain.
     *
     * @param patient        the patient's opaque id
     * @param question       what the clinician asked (PHI: the demo's fake data)
     * @param destination    the destination's vendor id
     * @param baa            whether that destination has a BAA
     * @param policy         the policy the guard applied, as {@code id vN}
     * @param vendorReceived every message of the request as the vendor's client got it
     * @param vendorAnswer   the vendor's answer before re-identification
     * @param answer         the answer the clinician sees
     * @param dateShiftDays  the patient's date offset under the BAA policy (the demo's test needs it; secret in use)
     */
    public record Exchange(String patient, String question, String destination, boolean baa, String policy,
            String vendorReceived, String vendorAnswer, String answer, int dateShiftDays) {
    }

    /**
     * The generated note's path through the review gate.
     *
     * @param draftId        the draft
     * @param transitions    the states the draft went through, in order
     * @param refusedSelf    the reason code with which the gate refused the AI service account as reviewer
     * @param draftSha256    SHA-256 of the generated text
     * @param approvedSha256 SHA-256 of the text the reviewer approved (edited)
     * @param committedSha256 SHA-256 the commit reported
     * @param commitRuns     how often the record writer ran over two commit calls (1 expected)
     * @param committedText  the text written to the record
     */
    public record Review(String draftId, List<String> transitions, String refusedSelf, String draftSha256,
            String approvedSha256, String committedSha256, int commitRuns, String committedText) {
        /** Copies the list. */
        public Review {
            transitions = List.copyOf(transitions);
        }
    }
}
