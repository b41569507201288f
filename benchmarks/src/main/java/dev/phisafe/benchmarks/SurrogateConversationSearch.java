package dev.phisafe.benchmarks;

import dev.phisafe.core.PhiProcessingException;
import dev.phisafe.core.detect.PhiType;
import dev.phisafe.core.policy.Destination;
import dev.phisafe.core.policy.PhiAction;
import dev.phisafe.core.policy.PhiContext;
import dev.phisafe.core.policy.PhiPolicies;
import dev.phisafe.core.policy.PhiPolicy;
import dev.phisafe.core.spi.KeyedHash;
import dev.phisafe.core.transform.DateShifter;
import dev.phisafe.core.transform.PhiFilter;
import dev.phisafe.core.transform.SurrogateGenerator;
import dev.phisafe.core.vault.PhiAccess;
import dev.phisafe.core.vault.PseudonymVault;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * How often a message of a conversation fails to re-identify exactly, under surrogates and under
 * {@link PhiPolicies#PSEUDONYMIZED}: a random search, not a JMH benchmark. Each conversation is two to four messages
 * built from names, phones, e-mails, dates and identifiers (some of them surrogates the generator hands out under
 * this key), filtered in one vault; every message is then re-identified after the last one and compared with
 * its text. With {@code --quote}, a quarter of the pieces are cut from what earlier messages sent (a user who pastes
 * model-facing text back in). Deterministic for a seed. Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.phisafe.benchmarks.SurrogateConversationSearch 200000 1 [--quote]}.
 *
 * <p>Surrogates are checked against the text they are made for, not against what other messages sent unchanged (see
 * the re-identification-access control): this program measures that limit. Prints one line per policy; never a value.
 */
public final class SurrogateConversationSearch {
    private static final String[] PIECES = {"Anna Kowalczyk", "Dr. Smith", " MRN 00482917", " 555-123-4567",
        " 03/14/2024", " Mercy General Hospital", " jane.doe@example.org", " SSN 536-90-4399", ", ", ". ",
        " 742 Evergreen Terrace, Springfield, OR 97477", " Boston", " on 3/14", " March 14, 2024", "\n", " 9/27",
        " Sam Harris", " Harris", " called", " x", "y", " (740) 555-0177", " 740-555-0177",
        " sandra.collins@example.com", " Ruth Hill", " 415-555-0147"};
    private static final PhiAccess ACCESS = PhiAccess.grantedTo("search", "round-trip measurement");

    private SurrogateConversationSearch() {
    }

    /**
     * Prints, per policy, how many conversations had a message that did not re-identify exactly.
     *
     * @param args conversations (default 100,000), seed (default 1), and {@code --quote}
     */
    public static void main(String[] args) {
        int conversations = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        boolean quote = List.of(args).contains("--quote");
        // the key under which "Sam Harris", "Ruth Hill", "(740) 555-0177" … above are surrogates handed out
        KeyedHash key = KeyedHash.jdkHmacSha256(
                "example-key-0123456789abcdef0123".getBytes(StandardCharsets.UTF_8), "k1");
        PhiPolicy.Builder surrogates = PhiPolicy.builder("surrogates-and-shift", 1)
                .action(PhiAction.SURROGATE, PhiType.NAME, PhiType.PHONE_NUMBER, PhiType.EMAIL_ADDRESS)
                .action(PhiAction.SHIFT_DATE, PhiType.DATE);
        for (PhiType t : PhiType.values()) {
            if (t != PhiType.NAME && t != PhiType.PHONE_NUMBER && t != PhiType.EMAIL_ADDRESS && t != PhiType.DATE) {
                surrogates.action(PhiAction.PLACEHOLDER, t);
            }
        }
        run("surrogates", surrogates.build(), key, conversations, seed, quote);
        run("pseudonymized", PhiPolicies.PSEUDONYMIZED, key, conversations, seed, quote);
    }

    private static void run(String label, PhiPolicy policy, KeyedHash key, int conversations, long seed,
            boolean quote) {
        Random random = new Random(seed);
        int failed = 0;
        int refused = 0;
        int messages = 0;
        for (int c = 0; c < conversations; c++) {
            PhiFilter filter = PhiFilter.builder().policy(policy)
                    .destination(Destination.builder("search").baa().build())
                    .surrogates(SurrogateGenerator.builder().seed(key).build())
                    .dateShifter(DateShifter.builder().keyedHash(key).build())
                    .vault(PseudonymVault.builder().maxEntriesPerTenant(100_000).ttl(Duration.ofHours(1))
                            .originalsInPlaintext().build())
                    .build();
            PhiContext ctx = PhiContext.builder().tenant("t").conversation("c").patient("p").build();
            List<String> texts = new ArrayList<>();
            List<String> sent = new ArrayList<>();
            int n = 2 + random.nextInt(3);
            for (int m = 0; m < n; m++) {
                String text = text(random, sent, quote);
                try {
                    sent.add(filter.filter(text, ctx).text());
                    texts.add(text);
                } catch (PhiProcessingException e) {
                    refused++; // failed closed: nothing sent, nothing to re-identify
                }
            }
            boolean ok = true;
            for (int m = 0; m < texts.size(); m++) {
                String text = texts.get(m);
                if (text.contains("<") || text.toUpperCase(Locale.ROOT).contains("_")) {
                    continue; // placeholder-like text comes back as the original by design
                }
                messages++;
                ok &= filter.reidentifier(ctx, ACCESS).reidentify(sent.get(m)).text().equals(text);
            }
            failed += ok ? 0 : 1;
        }
        System.out.printf(Locale.ROOT, "%s: %,d of %,d conversations had a message that did not re-identify exactly "
                + "(%,d messages compared, %,d refused; seed %d%s)%n", label, failed, conversations, messages, refused,
                seed, quote ? ", quoting earlier output" : "");
    }

    private static String text(Random random, List<String> sent, boolean quote) {
        StringBuilder b = new StringBuilder();
        int pieces = random.nextInt(8);
        for (int i = 0; i < pieces; i++) {
            if (quote && !sent.isEmpty() && random.nextInt(4) == 0) {
                String s = sent.get(random.nextInt(sent.size()));
                if (!s.isEmpty()) {
                    int at = random.nextInt(s.length());
                    b.append(s, at, Math.min(s.length(), at + 1 + random.nextInt(30)));
                }
            } else {
                b.append(PIECES[random.nextInt(PIECES.length)]);
            }
        }
        return b.toString();
    }
}
