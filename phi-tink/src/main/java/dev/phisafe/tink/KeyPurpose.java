package dev.phisafe.tink;

import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.daead.PredefinedDeterministicAeadParameters;
import com.google.crypto.tink.mac.PredefinedMacParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import java.util.Locale;

/**
 * What a keyset is for. Keys are kept separate by purpose (a text key never tags, a MAC key never encrypts), each
 * purpose with one fixed, current Tink key type; a keyset of one purpose cannot be used as another.
 */
public enum KeyPurpose {
    /** Text, metadata and exact-vector encryption: AES256-GCM, 5-byte key-id prefix, 12-byte random IV (+33 bytes). */
    AEAD(PredefinedAeadParameters.AES256_GCM),
    /** Equality-searchable tokens: AES256-SIV (64-byte keys), 5-byte key-id prefix (+21 bytes). */
    DETERMINISTIC_AEAD(PredefinedDeterministicAeadParameters.AES256_SIV),
    /** Integrity tags (integrity envelopes): HMAC-SHA256, 32-byte tag after a 5-byte key-id prefix. */
    MAC(PredefinedMacParameters.HMAC_SHA256_256BITTAG),
    /** Blind-index tokens and keyed hashes: HMAC-SHA256 PRF, up to 32 output bytes, no prefix. */
    PRF(PredefinedPrfParameters.HMAC_SHA256_PRF),
    /** Keyed coins for vector encryption (issue 4, item 5): an HMAC-SHA256 PRF keyset kept apart from {@link #PRF}. */
    VECTOR(PredefinedPrfParameters.HMAC_SHA256_PRF);

    private final Parameters parameters;

    KeyPurpose(Parameters parameters) {
        this.parameters = parameters;
    }

    Parameters parameters() {
        return parameters;
    }

    /** @return the lower-case name used in file names and the CLI ({@code aead}, {@code deterministic_aead}, ...) */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param label a {@link #label()}, case-insensitive
     * @return the purpose
     * @throws IllegalArgumentException naming the valid labels if there is none such
     */
    public static KeyPurpose fromLabel(String label) {
        for (KeyPurpose p : values()) {
            if (p.label().equalsIgnoreCase(label)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown key purpose; use one of aead, deterministic_aead, mac, prf, vector");
    }
}
