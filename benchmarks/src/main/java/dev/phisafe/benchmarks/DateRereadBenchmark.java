package dev.phisafe.benchmarks;

import dev.phisafe.core.detect.PhiDetectors;
import dev.phisafe.core.detect.PhiSpan;
import dev.phisafe.core.detect.PhiType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The pseudonymized filter reads its own output for dates again. One operation reads the edited gold corpus (each
 * detected span replaced: dates by a look-alike of the same shape, other values by blanks, as the filter's masked
 * output has them) with the date-only suite: {@code mode=detect} from scratch, {@code mode=edited} through
 * {@link PhiDetectors#detectEdited}, which reuses the first detection's tokens and date attempts where no edit
 * reaches. {@code joined} documents are concatenated into one text first (1: the prompts as they are; 20: notes
 * of about 2 KB).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class DateRereadBenchmark {

    /** How the dates of the edited text are found. */
    @Param({"detect", "edited"})
    public String mode;

    /** How many gold documents make one text. */
    @Param({"1", "20"})
    public int joined;

    private PhiDetectors dates;
    private PhiDetectors.Pass[] passes;
    private String[] edited;
    private List<List<int[]>> edits;

    /** Detects the corpus once and writes the edited copies. */
    @Setup(Level.Trial)
    public void load() {
        List<String> gold = Corpora.goldTexts();
        List<String> texts = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < gold.size(); i++) {
            b.append(gold.get(i)).append(' ');
            if ((i + 1) % joined == 0) {
                texts.add(b.toString());
                b.setLength(0);
            }
        }
        PhiDetectors all = PhiDetectors.defaults();
        dates = all.toBuilder().only(PhiType.DATE).build();
        passes = new PhiDetectors.Pass[texts.size()];
        edited = new String[texts.size()];
        edits = new ArrayList<>();
        for (int d = 0; d < texts.size(); d++) {
            String text = texts.get(d);
            passes[d] = all.detectPass(text);
            StringBuilder o = new StringBuilder();
            List<int[]> e = new ArrayList<>();
            int at = 0;
            for (PhiSpan s : passes[d].spans()) {
                o.append(text, at, s.start());
                String value = text.substring(s.start(), s.end());
                String with = s.type() == PhiType.DATE ? value.replace('1', '7') : " ".repeat(8);
                e.add(new int[] {o.length(), o.length() + with.length(), s.start(), s.end()});
                o.append(with);
                at = s.end();
            }
            o.append(text, at, text.length());
            edited[d] = o.toString();
            edits.add(e);
            if (!dates.detectEdited(passes[d], edited[d], 0, edited[d].length(), e).equals(dates.detect(edited[d]))) {
                throw new IllegalStateException("detectEdited differs from detect on text " + d);
            }
        }
    }

    /**
     * Reads every edited text once.
     *
     * @param bh consumes the results
     */
    @Benchmark
    public void run(Blackhole bh) {
        boolean reuse = "edited".equals(mode);
        for (int d = 0; d < edited.length; d++) {
            bh.consume(reuse ? dates.detectEdited(passes[d], edited[d], 0, edited[d].length(), edits.get(d))
                    : dates.detect(edited[d]));
        }
    }
}
