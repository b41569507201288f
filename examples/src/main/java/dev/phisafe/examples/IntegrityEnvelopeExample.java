package dev.phisafe.examples;

import dev.phisafe.core.integrity.IntegrityEnvelope;
import dev.phisafe.core.spi.Mac;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Seal a retrieved segment at ingestion, verify it before it reaches the model (164.312(c)(2)). */
public final class IntegrityEnvelopeExample {
    private IntegrityEnvelopeExample() {
    }

    /** Returns {verifies as stored, verifies after the text was altered, verifies with a downgraded label}. */
    public static boolean[] run(String segmentText) {
        Mac mac = Mac.jdkHmacSha256(                                   // production: TinkKeyring.mac(...)
                "example-segment-mac-key-0123456789".getBytes(StandardCharsets.UTF_8), "seg-2026-08");
        Map<String, String> metadata = IntegrityEnvelope.builder()
                .tenant("clinic-1").source("fhir://ehr.example.org").reference("DocumentReference/docref-889")
                .resourceVersion("3").segment("seg-0004").chunker("chunker=recursive-1000-200@1.2")
                .contentType("text/plain;charset=utf-8").labels(List.of("R")).created(Instant.now())
                .seal(segmentText, mac)
                .toMetadata();                                         // store with the segment (e.g. TextSegment)

        // ... later, at retrieval:
        boolean intact = IntegrityEnvelope.fromMetadata(metadata).verify(segmentText, mac);
        boolean altered = IntegrityEnvelope.fromMetadata(metadata).verify(segmentText.replace("5 mg", "50 mg"), mac);
        Map<String, String> downgraded = new java.util.HashMap<>(metadata);
        downgraded.put(IntegrityEnvelope.KEY_LABELS, "");             // someone removed the "restricted" label
        boolean relabelled = IntegrityEnvelope.fromMetadata(downgraded).verify(segmentText, mac);
        return new boolean[] {intact, altered, relabelled};
    }

    public static void main(String[] args) {
        boolean[] r = run("Warfarin 5 mg daily; INR 2.4 on 2026-08-19.");
        System.out.println("intact=" + r[0] + " altered=" + r[1] + " downgraded=" + r[2]);
    }
}
