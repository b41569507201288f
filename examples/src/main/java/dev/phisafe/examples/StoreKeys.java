package dev.phisafe.examples;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import dev.phisafe.langchain4j.StoreOptions;
import dev.phisafe.tink.DcpeVectorCipher;
import dev.phisafe.tink.KeyPurpose;
import dev.phisafe.tink.KeysetId;
import dev.phisafe.tink.LocalKekClient;
import dev.phisafe.tink.TinkKeyring;
import java.nio.file.Path;
import java.util.List;

/** The keys of an encrypted embedding store, for the store and RAG examples. */
public final class StoreKeys {
    private StoreKeys() {
    }

    /** Keys from a Tink keyring under a local KEK (production: a cloud KMS), one per purpose. */
    public static StoreOptions options(Path keyDir, String tenant) throws Exception {
        TinkKeyring keys = TinkKeyring.builder().directory(keyDir.resolve("keys"))
                .kek(new LocalKekClient(), LocalKekClient.generate(keyDir.resolve("kek.json"))).build();
        KeysetId aead = KeysetId.of(tenant, KeyPurpose.AEAD);
        KeysetId tokens = KeysetId.of(tenant, KeyPurpose.DETERMINISTIC_AEAD);
        KeysetId mac = KeysetId.of(tenant, KeyPurpose.MAC);
        List.of(aead, tokens, mac).forEach(keys::create);
        PrfConfig.register();
        DcpeVectorCipher vectors = DcpeVectorCipher.builder().dimension(384).beta(1.5)   // recall@10 ≥ 0.99 at 3×
                .keyset(KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF))
                .exactCopyAead(keys.aead(aead)).build();
        return StoreOptions.builder("clinical-notes").aead(keys.aead(aead)).tokens(keys.deterministicAead(tokens))
                .vectors(vectors).integrity(keys.mac(mac)).filterable("doc_type").build();
    }
}
