package dev.phisafe.core.audit;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The process {@link AuditJournalCrashTest} kills: opens the journal, appends with 8 threads calling {@code record()}
 * and one thread keeping 256 {@code recordAsync()} events in flight, and prints each event id to stdout (flushed) only
 * after its append was acknowledged. Runs until killed. Args: directory, base64 PKCS#8 private key, base64 X.509
 * public key (a throw-away test key).
 */
public final class JournalCrashChild {
    private JournalCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        KeyFactory kf = KeyFactory.getInstance("Ed25519");
        KeyPair keys = new KeyPair(
                kf.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(args[2]))),
                kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(args[1]))));
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                StandardCharsets.US_ASCII);
        AuditJournal j = AuditJournal.builder(Path.of(args[0])).origin("test.example.org/crash")
                .signingKey("crash-key", keys).checkpointEvery(200).build();
        out.println("READY");
        out.flush();
        for (int t = 0; t < 8; t++) {
            int tt = t;
            Thread th = new Thread(() -> {
                for (int i = 0; ; i++) {
                    AuditEvent e = AuditFixtures.minimalEvent(tt * 1_000_000 + i).toBuilder().id(UUID.randomUUID())
                            .build();
                    j.record(e);
                    ack(out, e.id());
                }
            });
            th.start();
        }
        ArrayDeque<Object[]> window = new ArrayDeque<>();
        for (int i = 0; ; i++) {
            AuditEvent e = AuditFixtures.fullEvent(i).toBuilder().id(UUID.randomUUID()).build();
            window.add(new Object[]{e.id(), j.recordAsync(e)});
            if (window.size() >= 256) {
                Object[] oldest = window.poll();
                ((CompletableFuture<?>) oldest[1]).join();
                ack(out, (UUID) oldest[0]);
            }
        }
    }

    private static void ack(PrintStream out, UUID id) {
        synchronized (out) {
            out.println(id);
            out.flush();
        }
    }
}
