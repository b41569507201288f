package dev.phisafe.core.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A signed tree head of one journal epoch, in the C2SP {@code tlog-checkpoint} signed-note format: the body
 * <pre>
 * &lt;origin&gt;            e.g. phi-safe/tenant-a/audit/2026-08
 * &lt;tree size&gt;
 * &lt;base64 root hash&gt;   RFC 6962 Merkle tree head over the epoch's records
 * seq &lt;n&gt;             sequence number of the epoch's first record
 * prev &lt;base64&gt;        chain value before the epoch's first record (the previous epoch's last leaf hash)
 * head &lt;base64&gt;        leaf hash of the last record covered (the chain value after it)
 * </pre>
 * then an empty line and one signature line {@code — <key name> <base64(4-byte key hash || Ed25519 signature)>}.
 *
 * <p>A checkpoint is what makes truncation, rollback and forks of the journal detectable (NIST SP 800-53 AU-9(3):
 * asymmetric signatures over audit information); copy checkpoints to a witness outside the journal's administrative
 * domain (AU-9(2)). Immutable.
 */
public final class Checkpoint {
    private static final byte ED25519 = 0x01;
    private static final byte[] X509_ED25519_PREFIX = Base64.getDecoder().decode("MCowBQYDK2VwAyEA");
    private final String origin;
    private final long size;
    private final byte[] root;
    private final long firstSeq;
    private final byte[] prev;
    private final byte[] head;
    private final String keyName;
    private final byte[] keyHash;
    private final byte[] signature;
    private final String body;

    private Checkpoint(String origin, long size, byte[] root, long firstSeq, byte[] prev, byte[] head,
                       String keyName, byte[] keyHash, byte[] signature) {
        this.origin = origin;
        this.size = size;
        this.root = root.clone();
        this.firstSeq = firstSeq;
        this.prev = prev.clone();
        this.head = head.clone();
        this.keyName = keyName;
        this.keyHash = keyHash.clone();
        this.signature = signature.clone();
        this.body = body(origin, size, root, firstSeq, prev, head);
    }

    private static String body(String origin, long size, byte[] root, long firstSeq, byte[] prev, byte[] head) {
        Base64.Encoder b64 = Base64.getEncoder();
        return origin + "\n" + size + "\n" + b64.encodeToString(root) + "\nseq " + firstSeq + "\nprev "
                + b64.encodeToString(prev) + "\nhead " + b64.encodeToString(head) + "\n";
    }

    static Checkpoint sign(String origin, long size, byte[] root, long firstSeq, byte[] prev, byte[] head,
                           String keyName, PrivateKey key, PublicKey pub) {
        String body = body(origin, size, root, firstSeq, prev, head);
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(body.getBytes(StandardCharsets.UTF_8));
            return new Checkpoint(origin, size, root, firstSeq, prev, head, keyName, keyHash(keyName, pub), s.sign());
        } catch (GeneralSecurityException e) {
            throw new AuditUnavailableException("cannot sign journal checkpoint with key '" + keyName + "'", e);
        }
    }

    /**
     * Parses a signed note. Strict: exactly the layout written by {@link #toNote()}.
     *
     * @param note the note text
     * @return the checkpoint (signature not yet verified: see {@link #verify(PublicKey)})
     * @throws AuditFormatException if it is malformed; the message holds no content
     */
    public static Checkpoint parse(String note) {
        Objects.requireNonNull(note, "note");
        try {
            int sep = note.indexOf("\n\n");
            if (sep < 0 || note.length() > 4096) {
                throw new AuditFormatException("checkpoint has no signature block");
            }
            String[] lines = note.substring(0, sep + 1).split("\n", -1);
            if (lines.length != 7 || !lines[6].isEmpty() || !lines[3].startsWith("seq ")
                    || !lines[4].startsWith("prev ") || !lines[5].startsWith("head ")) {
                throw new AuditFormatException("checkpoint body is malformed");
            }
            String sig = note.substring(sep + 2);
            if (!sig.startsWith("\u2014 ") || !sig.endsWith("\n") || sig.indexOf('\n') != sig.length() - 1) {
                throw new AuditFormatException("checkpoint signature line is malformed");
            }
            String[] parts = sig.substring(2, sig.length() - 1).split(" ");
            if (parts.length != 2 || !Identifiers.valid(parts[0]) || !Identifiers.valid(lines[0])) {
                throw new AuditFormatException("checkpoint signature line is malformed");
            }
            byte[] blob = Base64.getDecoder().decode(parts[1]);
            if (blob.length != 4 + 64) {
                throw new AuditFormatException("checkpoint signature has the wrong length");
            }
            long size = Long.parseLong(lines[1]);
            long seq = Long.parseLong(lines[3].substring(4));
            Base64.Decoder d = Base64.getDecoder();
            byte[] root = d.decode(lines[2]);
            byte[] prev = d.decode(lines[4].substring(5));
            byte[] head = d.decode(lines[5].substring(5));
            if (size < 0 || seq < 0 || root.length != 32 || prev.length != 32 || head.length != 32) {
                throw new AuditFormatException("checkpoint values out of range");
            }
            Checkpoint c = new Checkpoint(lines[0], size, root, seq, prev, head, parts[0],
                    Arrays.copyOf(blob, 4), Arrays.copyOfRange(blob, 4, blob.length));
            if (!c.toNote().equals(note)) {
                throw new AuditFormatException("checkpoint is not in canonical form");
            }
            return c;
        } catch (IllegalArgumentException e) {
            throw new AuditFormatException("checkpoint is malformed (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * @param key the trusted Ed25519 public key
     * @return whether the key hash matches {@code key} and the signature over the body verifies
     */
    public boolean verify(PublicKey key) {
        Objects.requireNonNull(key, "key");
        try {
            if (!MessageDigest.isEqual(keyHash, keyHash(keyName, key))) {
                return false;
            }
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(body.getBytes(StandardCharsets.UTF_8));
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** @return the signed note text: body, blank line, signature line */
    public String toNote() {
        byte[] blob = new byte[4 + signature.length];
        System.arraycopy(keyHash, 0, blob, 0, 4);
        System.arraycopy(signature, 0, blob, 4, signature.length);
        return body + "\n\u2014 " + keyName + " " + Base64.getEncoder().encodeToString(blob) + "\n";
    }

    /** @return the log's origin line, {@code <journal origin>/<epoch>} */
    public String origin() {
        return origin;
    }

    /** @return how many records of the epoch the tree head covers */
    public long size() {
        return size;
    }

    /** @return the RFC 6962 root hash over the first {@link #size()} records of the epoch */
    public byte[] root() {
        return root.clone();
    }

    /** @return the sequence number of the epoch's first record */
    public long firstSeq() {
        return firstSeq;
    }

    /** @return the chain value before the epoch's first record (all zeros for the first epoch) */
    public byte[] prev() {
        return prev.clone();
    }

    /** @return the chain value after the last covered record */
    public byte[] head() {
        return head.clone();
    }

    /** @return the name of the signing key */
    public String keyName() {
        return keyName;
    }

    @Override
    public String toString() {
        return "Checkpoint{" + origin + ", size=" + size + ", root=" + Base64.getEncoder().encodeToString(root) + "}";
    }

    /** C2SP signed-note key hash: first 4 bytes of SHA-256(name || "\n" || 0x01 || raw 32-byte public key). */
    static byte[] keyHash(String name, PublicKey key) {
        MessageDigest md = Merkle.sha256();
        md.update(name.getBytes(StandardCharsets.UTF_8));
        md.update((byte) '\n');
        md.update(ED25519);
        md.update(rawEd25519(key));
        return Arrays.copyOf(md.digest(), 4);
    }

    static byte[] rawEd25519(PublicKey key) {
        byte[] enc = key.getEncoded();
        if (enc == null || enc.length != 44 || !Arrays.equals(Arrays.copyOf(enc, 12), X509_ED25519_PREFIX)) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
        return Arrays.copyOfRange(enc, 12, 44);
    }

    /**
     * The C2SP verifier-key string {@code <name>+<hex key hash>+<base64(0x01 || raw key)>} that
     * {@link #parseVerifierKey} reads, for distributing the journal's public key.
     *
     * @param name the key name
     * @param key  the Ed25519 public key
     * @return the verifier key string
     */
    public static String verifierKey(String name, PublicKey key) {
        Identifiers.check("key name", name);
        byte[] raw = rawEd25519(key);
        byte[] typed = new byte[33];
        typed[0] = ED25519;
        System.arraycopy(raw, 0, typed, 1, 32);
        StringBuilder hex = new StringBuilder();
        for (byte b : keyHash(name, key)) {
            hex.append(String.format("%02x", b & 0xFF));
        }
        return name + "+" + hex + "+" + Base64.getEncoder().encodeToString(typed);
    }

    /**
     * @param vkey a verifier-key string, or a PEM/base64 X.509 Ed25519 public key
     * @return the public key
     * @throws IllegalArgumentException if it is neither
     */
    public static PublicKey parseVerifierKey(String vkey) {
        Objects.requireNonNull(vkey, "vkey");
        String s = vkey.strip();
        try {
            byte[] x509;
            if (s.startsWith("-----BEGIN PUBLIC KEY-----")) {
                x509 = Base64.getMimeDecoder().decode(s.replace("-----BEGIN PUBLIC KEY-----", "")
                        .replace("-----END PUBLIC KEY-----", ""));
            } else {
                String[] p = s.split("\\+", 3);
                if (p.length != 3) {
                    throw new IllegalArgumentException("not a verifier key");
                }
                byte[] typed = Base64.getDecoder().decode(p[2]);
                if (typed.length != 33 || typed[0] != ED25519) {
                    throw new IllegalArgumentException("not an Ed25519 verifier key");
                }
                x509 = new byte[44];
                System.arraycopy(X509_ED25519_PREFIX, 0, x509, 0, 12);
                System.arraycopy(typed, 1, x509, 12, 32);
            }
            PublicKey k = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
            rawEd25519(k);
            return k;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key (verifier key or PEM)");
        }
    }
}
