package dev.phisafe.core.spi;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Test-only AES-256-GCM {@link Aead} with the JDK provider. Ciphertext layout: key-id length (1 byte), key id
 * (ASCII), 12-byte random nonce, GCM ciphertext with its 16-byte tag — so the ciphertext carries its key id, as the
 * SPI requires. Keys can be rotated and destroyed, to test that decryption then fails closed. Shared by the vault
 * and review-store tests.
 */
public final class TestAesGcm implements Aead {
    private final Map<String, SecretKeySpec> keys = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private volatile String primary;

    public TestAesGcm(String keyId) {
        rotate(keyId);
    }

    /** Adds a fresh random key and makes it primary. */
    public void rotate(String keyId) {
        byte[] k = new byte[32];
        random.nextBytes(k);
        keys.put(keyId, new SecretKeySpec(k, "AES"));
        Arrays.fill(k, (byte) 0);
        primary = keyId;
    }

    /** Forgets a key: ciphertexts made with it become unrecoverable. */
    public void destroy(String keyId) {
        keys.remove(keyId);
    }

    @Override
    public String keyId() {
        return primary;
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        String id = primary;
        byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, keys.get(id), new GCMParameterSpec(128, nonce));
            c.updateAAD(associatedData);
            byte[] ct = c.doFinal(plaintext);
            byte[] out = new byte[1 + idBytes.length + 12 + ct.length];
            out[0] = (byte) idBytes.length;
            System.arraycopy(idBytes, 0, out, 1, idBytes.length);
            System.arraycopy(nonce, 0, out, 1 + idBytes.length, 12);
            System.arraycopy(ct, 0, out, 1 + idBytes.length + 12, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed (key " + id + ")", e);
        }
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
        if (ciphertext.length < 1 + 12 + 16 || ciphertext.length < 1 + (ciphertext[0] & 0xFF) + 12 + 16) {
            throw new IllegalArgumentException("ciphertext too short");
        }
        int idLen = ciphertext[0] & 0xFF;
        String id = new String(ciphertext, 1, idLen, StandardCharsets.US_ASCII);
        SecretKeySpec key = keys.get(id);
        if (key == null) {
            throw new IllegalStateException("unknown or destroyed key " + id);
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, ciphertext, 1 + idLen, 12));
            c.updateAAD(associatedData);
            return c.doFinal(ciphertext, 1 + idLen + 12, ciphertext.length - 1 - idLen - 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM authentication failed (key " + id + ")", e);
        }
    }

    @Override
    public String toString() {
        return "TestAesGcm{primary=" + primary + "}";
    }
}
