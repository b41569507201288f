package dev.phisafe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

class StreamingGuardedChatExampleTest {

    private static String event(String content) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content + "\"},\"finish_reason\":null}]}\n\n";
    }

    @Test
    void chunksSplitInsideAPlaceholder_areShownReidentified_andTheFinalResponseMatches() throws Exception {
        try (MockWebServer vendor = new MockWebServer()) {
            vendor.start();
            vendor.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
                    .body(event("Hi <NA") + event("ME_1>, see you") + event(" soon.") + "data: [DONE]\n\n").build());
            List<String> shown = new ArrayList<>();

            ChatResponse done = StreamingGuardedChatExample.stream(vendor.url("/v1").toString(),
                    "Remind Anna Kowalczyk about her appointment.", shown::add).get(10, TimeUnit.SECONDS);

            assertThat(String.join("", shown)).isEqualTo("Hi Anna Kowalczyk, see you soon.");
            assertThat(done.aiMessage().text()).isEqualTo("Hi Anna Kowalczyk, see you soon.");
            assertThat(shown).noneMatch(s -> s.contains("<") || s.contains("ME_1"));
            assertThat(vendor.takeRequest().getBody().utf8()).contains("Remind <NAME_1> about her appointment.")
                    .doesNotContain("Kowalczyk");
        }
    }
}
