package dev.phisafe.examples.demo;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where the demo's model vendor is: an OpenAI-compatible server named by {@code OPENAI_BASE_URL} and
 * {@code OPENAI_API_KEY} (and optionally {@code OPENAI_MODEL}, default {@value #DEFAULT_MODEL}), read from system
 * properties first and then from the environment. Without both, the demo uses the {@link OfflineStandInChatModel}.
 * {@link #toString()} never shows the key.
 *
 * @param baseUrl the server's base URL, e.g. {@code http://localhost:11434/v1}
 * @param apiKey  the API key (secret)
 * @param model   the model name
 */
public record VendorConfig(String baseUrl, String apiKey, String model) {
    /** The model asked for when {@code OPENAI_MODEL} is not set. */
    public static final String DEFAULT_MODEL = "gpt-4o-mini";

    /**
     * Reads the configuration from system properties, then the environment.
     *
     * @return the configured vendor, or empty when neither base URL nor key is set
     * @throws IllegalArgumentException if only one of base URL and key is set, or the URL is not http(s)
     */
    public static Optional<VendorConfig> fromSystem() {
        return from(name -> {
            String v = System.getProperty(name);
            return v != null && !v.isBlank() ? v : System.getenv(name);
        });
    }

    /**
     * @param lookup a variable's value by name, or null
     * @return the configured vendor, or empty when neither base URL nor key is set
     * @throws IllegalArgumentException if only one of base URL and key is set, or the URL is not http(s)
     */
    static Optional<VendorConfig> from(UnaryOperator<String> lookup) {
        String url = blankToNull(lookup.apply("OPENAI_BASE_URL"));
        String key = blankToNull(lookup.apply("OPENAI_API_KEY"));
        String model = blankToNull(lookup.apply("OPENAI_MODEL"));
        if (url == null && key == null) {
            return Optional.empty();
        }
        if (url == null || key == null) {
            throw new IllegalArgumentException((url == null ? "OPENAI_API_KEY is set but OPENAI_BASE_URL is not"
                    : "OPENAI_BASE_URL is set but OPENAI_API_KEY is not") + ": set both to call a model, or neither "
                    + "for the offline stand-in");
        }
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("OPENAI_BASE_URL must start with http:// or https://");
        }
        return Optional.of(new VendorConfig(url, key, model == null ? DEFAULT_MODEL : model));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The URL and model; never the key. */
    @Override
    public String toString() {
        return "VendorConfig{baseUrl=" + baseUrl + ", model=" + model + ", apiKey=(set)}";
    }
}
