package dev.phisafe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

class GuardedChatExampleTest {

    @Test
    void vendorWithoutBaa_receivesPlaceholders_clinicianGetsTheRealNameAndNumber() throws Exception {
        try (MockWebServer vendor = new MockWebServer()) {
            vendor.start();
            vendor.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body("""
                    {"id":"c1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
                     "choices":[{"index":0,"message":{"role":"assistant",
                       "content":"Dear <NAME_1>, please call <PHONE_1>."},"finish_reason":"stop"}]}""").build());

            String answer = GuardedChatExample.ask(vendor.url("/v1").toString(), "test-key",
                    "Draft a reminder for Anna Kowalczyk to call 555-123-4567.");

            assertThat(answer).isEqualTo("Dear Anna Kowalczyk, please call 555-123-4567.");
            String body = vendor.takeRequest().getBody().utf8();
            assertThat(body).contains("Draft a reminder for <NAME_1> to call <PHONE_1>.")
                    .doesNotContain("Kowalczyk").doesNotContain("123-4567");
            assertThat(vendor.getRequestCount()).isEqualTo(1);
        }
    }
}
