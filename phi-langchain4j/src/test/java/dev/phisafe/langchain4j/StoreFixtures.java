package dev.phisafe.langchain4j;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.phisafe.core.audit.AuditEvent;
import dev.phisafe.core.audit.AuditSink;
import dev.phisafe.core.spi.KeyedHash;
import dev.phisafe.tink.DcpeVectorCipher;
import dev.phisafe.tink.KeyPurpose;
import dev.phisafe.tink.KeysetId;
import dev.phisafe.tink.LocalKekClient;
import dev.phisafe.tink.TinkKeyring;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Real keys (a Tink keyring over real files under a local KEK), the in-process MiniLM model, an audit list. */
final class StoreFixtures {
    static final String TENANT = "t1";
    static final KeysetId AEAD = KeysetId.of(TENANT, KeyPurpose.AEAD);
    static final KeysetId TOKENS = KeysetId.of(TENANT, KeyPurpose.DETERMINISTIC_AEAD);
    static final KeysetId MAC = KeysetId.of(TENANT, KeyPurpose.MAC);
    private static EmbeddingModel model;

    final TinkKeyring keyring;
    KeysetHandle vectorKeys;
    final List<AuditEvent> events = Collections.synchronizedList(new ArrayList<>());

    StoreFixtures(Path dir) {
        try {
            String kek = LocalKekClient.generate(dir.resolve("kek.json"));
            keyring = TinkKeyring.builder().directory(dir.resolve("keys")).kek(new LocalKekClient(), kek).build();
            keyring.create(AEAD);
            keyring.create(TOKENS);
            keyring.create(MAC);
            PrfConfig.register();
            vectorKeys = KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static synchronized EmbeddingModel model() {
        if (model == null) {
            model = new AllMiniLmL6V2EmbeddingModel();
        }
        return model;
    }

    /** Adds a new vector key and makes it primary; the old one stays enabled (it still decrypts and searches). */
    void rotateVectorKey() throws GeneralSecurityException {
        vectorKeys = KeysetHandle.newBuilder(vectorKeys).addEntry(KeysetHandle
                .generateEntryFromParameters(PredefinedPrfParameters.HMAC_SHA256_PRF).withRandomId().makePrimary())
                .build();
    }

    DcpeVectorCipher cipher(double beta) {
        return DcpeVectorCipher.builder().keyset(vectorKeys).exactCopyAead(keyring.aead(AEAD)).dimension(384)
                .beta(beta).build();
    }

    StoreOptions options(double beta, int overFetch) {
        return StoreOptions.builder("notes").aead(keyring.aead(AEAD)).tokens(keyring.deterministicAead(TOKENS))
                .vectors(cipher(beta)).integrity(keyring.mac(MAC)).filterable("doc_type", "year").overFetch(overFetch)
                .build();
    }

    /** The cipher a user gets without choosing: {@code DcpeVectorCipher.DEFAULT_BETA}. */
    DcpeVectorCipher defaultCipher() {
        return DcpeVectorCipher.builder().keyset(vectorKeys).exactCopyAead(keyring.aead(AEAD)).dimension(384).build();
    }

    /** Options at the defaults: default beta, default over-fetch. */
    StoreOptions defaultOptions() {
        return StoreOptions.builder("notes").aead(keyring.aead(AEAD)).tokens(keyring.deterministicAead(TOKENS))
                .vectors(defaultCipher()).integrity(keyring.mac(MAC)).filterable("doc_type", "year").build();
    }

    StoreOptions options() {
        return options(1.5, 3);
    }

    AuditSink sink() {
        return events::add;
    }

    static KeyedHash auditKey() {
        return KeyedHash.jdkHmacSha256("audit-key-0123456789abcdef012345".getBytes(StandardCharsets.UTF_8),
                "audit-1");
    }

    PhiGuard guard() {
        return Fixtures.guard().auditSink(sink()).auditKey(auditKey()).build();
    }

    static TextSegment segment(String text, String patient, String docType) {
        Metadata m = new Metadata().put("patient_id", patient).put("doc_type", docType).put("year", 2024);
        return TextSegment.from(text, m);
    }
}
