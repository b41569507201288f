package dev.phisafe.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link Validators} against the shared vector file {@code vectors/validators.json} (see
 * {@code vectors/README.md}), in the manner of Tink's Wycheproof tests: every vector is run, every failure is
 * collected, and the test asserts once so that one run shows them all.
 */
class ValidatorsTest {

    /** Vector group name → the validator it exercises. A group missing here is a failure: decide what it means. */
    private static final Map<String, Predicate<String>> VALIDATORS = Map.of(
            "npi", Validators::npi,
            "dea", Validators::dea,
            "ssn", Validators::ssnValid,
            "itin", Validators::itin,
            "aba_routing", Validators::abaRouting,
            "credit_card_luhn", Validators::luhn,
            "mbi", Validators::mbi,
            "us_passport_format", Validators::usPassportFormat);

    @Test
    void sharedVectors_everyVectorIsClassifiedAsTheFileSays() throws Exception {
        JsonNode root;
        try (InputStream in = ValidatorsTest.class.getResourceAsStream("/vectors/validators.json")) {
            assertThat(in).as("vectors/validators.json on the test class path").isNotNull();
            root = new ObjectMapper().readTree(in);
        }
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, JsonNode> scheme : root.properties()) {
            if (scheme.getKey().startsWith("_")) {
                continue; // notes
            }
            Predicate<String> validator = VALIDATORS.get(scheme.getKey());
            if (validator == null) {
                failures.add("no validator mapped for vector group '" + scheme.getKey() + "'");
                continue;
            }
            for (Map.Entry<String, JsonNode> group : scheme.getValue().properties()) {
                for (JsonNode v : group.getValue()) {
                    String value = v.asText();
                    checked++;
                    String problem = check(scheme.getKey(), group.getKey(), value, validator);
                    if (problem != null) {
                        failures.add(scheme.getKey() + "/" + group.getKey() + " " + value + ": " + problem);
                    }
                }
            }
        }
        assertThat(checked).as("vectors read").isGreaterThan(60);
        assertThat(failures).as("vectors classified differently from the file").isEmpty();
    }

    private static String check(String scheme, String group, String value, Predicate<String> validator) {
        switch (group) {
            case "valid":
                return validator.test(value) ? null : "expected valid";
            case "invalid":
                return validator.test(value) ? "expected invalid" : null;
            case "luhn_valid_but_no_known_IIN_prefix":
                // Our decision: Luhn holds, but no card network issues the prefix, so the card scanner does not
                // type it as a payment card without a card label (as a 7+ digit run it is still a generic id).
                if (!Validators.luhn(value)) {
                    return "expected Luhn-valid";
                }
                return Validators.knownCardPrefix(value) ? "expected no known IIN prefix" : null;
            default:
                return "unknown vector group '" + group + "' in " + scheme;
        }
    }

    @Test
    void luhnValidCardsOfTheFile_haveKnownIssuerPrefixes() throws Exception {
        JsonNode root;
        try (InputStream in = ValidatorsTest.class.getResourceAsStream("/vectors/validators.json")) {
            root = new ObjectMapper().readTree(in);
        }
        List<String> failures = new ArrayList<>();
        for (JsonNode v : root.get("credit_card_luhn").get("valid")) {
            if (!Validators.knownCardPrefix(v.asText())) {
                failures.add(v.asText());
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void vin_iso3779CheckDigit() {
        assertThat(Validators.vin("1M8GDM9AXKP042788")).isTrue();   // check digit X
        assertThat(Validators.vin("1HGCM82633A004352")).isTrue();
        assertThat(Validators.vin("11111111111111111")).isTrue();
        assertThat(Validators.vin("5YJ3E1EA7HF000337")).isTrue();
        assertThat(Validators.vin("1hgcm82633a004352")).as("case-insensitive").isTrue();
        assertThat(Validators.vin("1M8GDM9AXKP042789")).as("wrong check digit").isFalse();
        assertThat(Validators.vin("1HGCM82633A00435")).as("16 characters").isFalse();
        assertThat(Validators.vin("1HGCM82633AO04352")).as("letter O is not allowed").isFalse();
        assertThat(Validators.vin("IIIIIIIIIIIIIIIII")).as("letter I is not allowed").isFalse();
    }

    @Test
    void iban_iso13616Mod97AndCountryLength() {
        assertThat(Validators.iban("GB82 WEST 1234 5698 7654 32")).isTrue();
        assertThat(Validators.iban("GB82WEST12345698765432")).isTrue();
        assertThat(Validators.iban("DE89 3704 0044 0532 0130 00")).isTrue();
        assertThat(Validators.iban("FR14 2004 1010 0505 0001 3M02 606")).isTrue();
        assertThat(Validators.iban("NO9386011117947")).isTrue();
        assertThat(Validators.iban("gb82west12345698765432")).as("case-insensitive").isTrue();
        assertThat(Validators.iban("GB82 WEST 1234 5698 7654 33")).as("check fails").isFalse();
        assertThat(Validators.iban("GB82 WEST 1234 5698 7654 3")).as("wrong length for GB").isFalse();
        assertThat(Validators.iban("QQ82WEST12345698765432")).as("unknown country").isFalse();
    }

    @Test
    void separatorsAreDisplayOnly() {
        assertThat(Validators.npi("1234-567-893")).isTrue();
        assertThat(Validators.npi("1234 567 893")).isTrue();
        assertThat(Validators.luhn("4111-1111-1111-1111")).isTrue();
        assertThat(Validators.luhn("4111 1111 1111 1111")).isTrue();
        assertThat(Validators.mbi("1EG4-TE5-MK73")).isTrue();
        assertThat(Validators.ssnValid("078 05 1123")).isTrue();
    }

    @Test
    void hostileInputs_areRejectedWithoutThrowing() {
        String big = "1".repeat(1 << 20);
        List<Predicate<String>> all = new ArrayList<>(VALIDATORS.values());
        all.add(Validators::vin);
        all.add(Validators::iban);
        all.add(Validators::knownCardPrefix);
        for (Predicate<String> v : all) {
            assertThat(v.test(big)).isFalse();
            assertThat(v.test("")).isFalse();
            assertThat(v.test("----")).isFalse();
            assertThat(v.test("\uD83D\uDE00123456789")).isFalse();
            assertThat(v.test("١٢٣٤٥٦٧٨٩")).as("non-ASCII digits").isFalse();
        }
    }
}
