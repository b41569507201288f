package dev.phisafe.langchain4j;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.audit.AuditAction;
import dev.phisafe.core.audit.AuditOutcome;
import dev.phisafe.core.spi.Aead;
import dev.phisafe.core.spi.AssociatedData;
import dev.phisafe.core.spi.KeyedHash;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A {@link ChatMemoryStore} whose delegate holds, per memory, one message whose text is the AEAD ciphertext of the
 * whole message list, under a keyed pseudonym of the memory id. See {@link PhiGuard#wrap(ChatMemoryStore, Aead,
 * KeyedHash)}.
 */
final class PhiChatMemoryStore implements ChatMemoryStore {
    static final String PREFIX = "phisafe-memory/v1:";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final ChatMemoryStore delegate;
    private final PhiGuard guard;
    private final Aead aead;
    private final KeyedHash ids;

    PhiChatMemoryStore(ChatMemoryStore delegate, PhiGuard guard, Aead aead, KeyedHash ids) {
        this.delegate = delegate;
        this.guard = guard;
        this.aead = aead;
        this.ids = ids;
    }

    /** The memory id the delegate sees: a keyed pseudonym of the tenant and the caller's id (which may be PHI). */
    String pseudonym(String tenant, Object memoryId) {
        Objects.requireNonNull(memoryId, "memoryId");
        byte[] h = ids.hash(("phisafe-memory-id/v1|" + tenant + "|" + memoryId).getBytes(StandardCharsets.UTF_8));
        return "mem-" + HexFormat.of().formatHex(h, 0, 16);
    }

    private byte[] ad(String tenant, String pseudonym) {
        return AssociatedData.builder().tenant(tenant).store("chat-memory").recordId(pseudonym).field("messages")
                .build().toBytes();
    }

    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        String tenant = guard.requireBound("reading guarded chat memory").scope().context().tenant();
        String id = pseudonym(tenant, memoryId);
        List<ChatMessage> stored = delegate.getMessages(id);
        if (stored == null || stored.isEmpty()) {
            return List.of();
        }
        if (stored.size() != 1 || !(stored.get(0) instanceof SystemMessage)
                || !((SystemMessage) stored.get(0)).text().startsWith(PREFIX)) {
            throw new PhiProcessingException("guarded chat memory " + id + " holds something other than its "
                    + "ciphertext; nothing was read");
        }
        String ct = ((SystemMessage) stored.get(0)).text().substring(PREFIX.length());
        byte[] json;
        try {
            json = aead.decrypt(B64D.decode(ct), ad(tenant, id));
        } catch (RuntimeException e) {
            throw new PhiProcessingException("guarded chat memory " + id + " does not decrypt (altered, moved, or its "
                    + "key is gone); nothing was read");
        }
        return ChatMessageDeserializer.messagesFromJson(new String(json, StandardCharsets.UTF_8));
    }

    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        Objects.requireNonNull(messages, "messages");
        PhiGuard.Bound bound = guard.requireBound("writing guarded chat memory");
        String tenant = bound.scope().context().tenant();
        String id = pseudonym(tenant, memoryId);
        byte[] ct;
        try {
            ct = aead.encrypt(ChatMessageSerializer.messagesToJson(messages).getBytes(StandardCharsets.UTF_8),
                    ad(tenant, id));
        } catch (RuntimeException e) {
            throw new PhiProcessingException("encrypting guarded chat memory " + id + " failed ("
                    + e.getClass().getSimpleName() + "); nothing was written");
        }
        // recorded before the write: an unrecordable write does not happen
        Auditor auditor = guard.auditor();
        if (auditor.enabled()) {
            auditor.record(auditor.event(AuditAction.STORE, Auditor.COMPONENT_MEMORY, bound, AuditOutcome.SUCCESS)
                    .measure("messages", messages.size()).detail("memory", id));
        }
        delegate.updateMessages(id, List.of(SystemMessage.from(PREFIX + B64.encodeToString(ct))));
    }

    @Override
    public void deleteMessages(Object memoryId) {
        String tenant = guard.requireBound("deleting guarded chat memory").scope().context().tenant();
        delegate.deleteMessages(pseudonym(tenant, memoryId));
    }

    @Override
    public String toString() {
        return "PhiChatMemoryStore{aead=" + aead.keyId() + ", ids=" + ids.keyId() + ", delegate="
                + delegate.getClass().getName() + "}";
    }
}
