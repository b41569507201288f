package dev.phisafe.langchain4j;

import static dev.phisafe.langchain4j.Fixtures.BAA;
import static dev.phisafe.langchain4j.Fixtures.CANARIES;
import static dev.phisafe.langchain4j.Fixtures.DATE;
import static dev.phisafe.langchain4j.Fixtures.NAME;
import static dev.phisafe.langchain4j.Fixtures.NO_BAA;
import static dev.phisafe.langchain4j.Fixtures.PHONE;
import static dev.phisafe.langchain4j.Fixtures.SCOPE;
import static dev.phisafe.langchain4j.Fixtures.SSN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.PhiBlockedException;
import dev.phisafe.core.transform.FilterLabel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PhiStreamingChatModelWireTest {
    private final Vendor vendor = new Vendor();
    private final List<ChatReport> reports = new ArrayList<>();
    private PhiGuard guard;

    @AfterEach
    void stop() {
        vendor.close();
    }

    /** What the caller's handler saw. */
    static final class Seen implements StreamingChatResponseHandler {
        final List<String> partials = new ArrayList<>();
        final CompletableFuture<ChatResponse> done = new CompletableFuture<>();

        @Override
        public synchronized void onPartialResponse(String partialResponse) {
            partials.add(partialResponse);
        }

        @Override
        public void onCompleteResponse(ChatResponse completeResponse) {
            done.complete(completeResponse);
        }

        @Override
        public void onError(Throwable error) {
            done.completeExceptionally(error);
        }

        ChatResponse await() throws Exception {
            return done.get(10, TimeUnit.SECONDS);
        }

        synchronized String streamed() {
            return String.join("", partials);
        }
    }

    private StreamingChatModel guarded(PhiGuard.Builder b, Destination d) {
        guard = b.onReport(reports::add).build();
        return guard.wrap(vendor.streamingModel(), d);
    }

    private Seen chat(StreamingChatModel model, String prompt) {
        Seen seen = new Seen();
        guard.withScope(SCOPE, () -> model.chat(prompt, seen));
        return seen;
    }

    @Test
    void stream_chunksSplitInsidePlaceholders_areReidentified_andTheFinalResponseEqualsTheStreamedText() throws Exception {
        StreamingChatModel model = guarded(Fixtures.guard(), BAA);
        vendor.stream(List.of("Call <NA", "ME_1> at <", "PHONE_", "1", "> about SSN <SSN", "_1>", "."));

        Seen seen = chat(model, "Patient " + NAME + ", SSN " + SSN + ", phone " + PHONE + ".");
        ChatResponse done = seen.await();

        String expected = "Call " + NAME + " at " + PHONE + " about SSN " + SSN + ".";
        assertThat(seen.streamed()).isEqualTo(expected);
        assertThat(done.aiMessage().text()).isEqualTo(expected);
        assertThat(seen.partials).noneMatch(p -> p.contains("<") || p.contains(">") || p.contains("_1"));
        String body = vendor.bodies().get(0);
        assertThat(CANARIES).allSatisfy(c -> assertThat(body).doesNotContain(c));
        assertThat(body).contains("\"stream\" : true", "<NAME_1>", "<SSN_1>", "<PHONE_1>");
        assertThat(reports.get(0).streaming()).isTrue();
        assertThat(reports.get(0).restored()).containsEntry("NAME", 1).containsEntry("PHONE", 1)
                .containsEntry("SSN", 1);
    }

    @Test
    void stream_withDateShiftingPolicy_sendsTheShiftedDate_andTheCallerSeesTheRealDate() throws Exception {
        StreamingChatModel model = guarded(Fixtures.guard(), BAA);
        String shifted = Fixtures.dateShifter().shift(DATE, Fixtures.CTX);
        assertThat(shifted).isNotEqualTo(DATE);
        // the shifted date arrives split across chunks, as a vendor's tokenizer would split it
        int cut = shifted.length() / 2;
        vendor.stream(List.of("<NAME_1> was admitted on ", shifted.substring(0, cut), shifted.substring(cut),
                ". Follow up in two weeks."));

        Seen seen = chat(model, NAME + " was admitted on " + DATE + ".");

        String expected = NAME + " was admitted on " + DATE + ". Follow up in two weeks.";
        assertThat(seen.await().aiMessage().text()).isEqualTo(expected);
        assertThat(seen.streamed()).isEqualTo(expected);
        assertThat(seen.partials).noneMatch(p -> p.contains(shifted.substring(0, cut)));
        String body = vendor.bodies().get(0);
        assertThat(body).contains("<NAME_1> was admitted on " + shifted + ".").doesNotContain(DATE)
                .doesNotContain("<DATE_1>");
        assertThat(reports.get(0).policyId()).isEqualTo("pseudonymized");
    }

    @Test
    void stream_destinationWithoutBaa_getsSafeHarborText() throws Exception {
        StreamingChatModel model = guarded(Fixtures.guard(), NO_BAA);
        vendor.stream(List.of("Noted for <NAME_1>."));

        Seen seen = chat(model, NAME + " was admitted on " + DATE + ".");

        assertThat(seen.await().aiMessage().text()).isEqualTo("Noted for " + NAME + ".");
        assertThat(vendor.bodies().get(0)).contains("<NAME_1> was admitted on 2024.").doesNotContain("March");
        assertThat(reports.get(0).label()).isEqualTo(FilterLabel.SAFE_HARBOR_DEIDENTIFIED);
    }

    @Test
    void stream_newPhiInTheAnswer_endsInAnError_becauseShownTextCannotBeRedacted() {
        StreamingChatModel model = guarded(Fixtures.guard(), BAA);
        vendor.stream(List.of("<NAME_1> should call ", "617-555-0199."));

        Seen seen = chat(model, "Who should " + NAME + " call?");

        org.assertj.core.api.Assertions.assertThatThrownBy(seen::await).hasCauseInstanceOf(PhiBlockedException.class)
                .satisfies(e -> assertThat(e.getCause().getMessage()).contains("PHONE_NUMBER").doesNotContain("617"));
        assertThat(reports.get(0).newPhi()).containsKey(dev.phisafe.core.detect.PhiType.PHONE_NUMBER);
    }

    @Test
    void stream_newPhiUnderReport_completes_andIsReported() throws Exception {
        StreamingChatModel model = guarded(Fixtures.guard().newPhiInAnswer(PhiGuard.NewPhi.REPORT), BAA);
        vendor.stream(List.of("<NAME_1> should call ", "617-555-0199."));

        Seen seen = chat(model, "Who should " + NAME + " call?");

        assertThat(seen.await().aiMessage().text()).isEqualTo(NAME + " should call 617-555-0199.");
        assertThat(reports.get(0).newPhi()).containsEntry(dev.phisafe.core.detect.PhiType.PHONE_NUMBER, 1);
    }
}
