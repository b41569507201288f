/**
 * The human review gate for AI-generated clinical notes: a draft cannot reach the record until a reviewer other than
 * the requester approved the exact bytes that are written.
 *
 * <p>{@link dev.phisafe.core.review.ReviewGate} drives the state machine documented on
 * {@link dev.phisafe.core.review.ReviewState}; drafts live in a {@link dev.phisafe.core.review.ReviewStore}
 * ({@link dev.phisafe.core.review.InMemoryReviewStore}, {@link dev.phisafe.core.review.PostgresReviewStore});
 * every transition is recorded through an {@link dev.phisafe.core.audit.AuditSink} before it takes effect (fail
 * closed; 45 CFR 164.312(b)); the decision binds the SHA-256 of the approved text and the commit re-checks it
 * (integrity, 164.312(c)(1); NIST SP 800-53 AU-10 "what you see is what you sign");
 * {@link dev.phisafe.core.review.FhirReviewExport} writes the FHIR R4 DocumentReference and Provenance.
 *
 * <p>The draft text is PHI: it appears only in {@link dev.phisafe.core.review.Draft#text()},
 * {@link dev.phisafe.core.review.ApprovedNote#text()}, the store and the FHIR DocumentReference — never in an audit
 * event, an exception message or a {@code toString()}.
 */
package dev.phisafe.core.review;
