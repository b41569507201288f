package dev.phisafe.core.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.phisafe.core.audit.JournalTestSupport.KEYS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verifier's chunked, multi-threaded pass sees exactly the lines the line reader sees (chunk boundaries, lines
 * longer than a chunk, torn tails) and reports a tampered record at the same place whichever chunk or slice it
 * falls in, identically on every run.
 */
class JournalVerifierPipelineTest {
    @TempDir
    Path dir;

    private static List<String> viaLineReader(Path f) throws IOException {
        List<String> out = new ArrayList<>();
        try (JournalFiles.LineReader lr = new JournalFiles.LineReader(f, -1)) {
            while (lr.next()) {
                out.add(new String(lr.line(), StandardCharsets.ISO_8859_1));
            }
            out.add("torn:" + (lr.tornAt() >= 0 ? lr.tornBytes() : 0));
        }
        return out;
    }

    private static List<String> viaChunkReader(Path f) throws IOException {
        List<String> out = new ArrayList<>();
        try (JournalFiles.ChunkReader cr = new JournalFiles.ChunkReader(f)) {
            JournalFiles.Chunk c = new JournalFiles.Chunk();
            while (cr.next(c)) {
                assertThat(c.buf[c.len - 1]).isEqualTo((byte) '\n');
                int start = 0;
                for (int i = 0; i < c.len; i++) {
                    if (c.buf[i] == '\n') {
                        out.add(new String(c.buf, start, i - start, StandardCharsets.ISO_8859_1));
                        start = i + 1;
                    }
                }
            }
            out.add("torn:" + cr.tornBytes());
        }
        return out;
    }

    @Test
    void chunkReader_yieldsTheSameLinesAndTornTailAsTheLineReader_acrossChunkBoundariesAndLongLines()
            throws IOException {
        Random rnd = new Random(11);
        int chunk = JournalFiles.ChunkReader.CHUNK;
        int[][] shapes = {
                {0}, {1}, {chunk - 1}, {chunk}, {chunk + 1}, {3 * chunk + 17}, {5, chunk - 7, 3, chunk * 2, 1}};
        for (int s = 0; s < shapes.length + 6; s++) {
            int[] lens = s < shapes.length ? shapes[s] : rnd.ints(2000 + rnd.nextInt(3000), 0, 1500).toArray();
            StringBuilder sb = new StringBuilder();
            for (int len : lens) {
                for (int i = 0; i < len; i++) {
                    sb.append((char) ('a' + rnd.nextInt(26)));
                }
                sb.append('\n');
            }
            int torn = s % 3 == 0 ? 0 : 1 + rnd.nextInt(s % 2 == 0 ? 50 : chunk + 100);
            for (int i = 0; i < torn; i++) {
                sb.append('x');
            }
            Path f = dir.resolve("lines-" + s);
            Files.write(f, sb.toString().getBytes(StandardCharsets.ISO_8859_1));
            assertThat(viaChunkReader(f)).as("shape %d", s).isEqualTo(viaLineReader(f));
        }
    }

    @Test
    void chunkReader_refusesALineLongerThanTheLimit_likeTheLineReader() throws IOException {
        Path f = dir.resolve("huge");
        byte[] b = new byte[JournalFiles.MAX_LINE + 10];
        Arrays.fill(b, (byte) 'a');
        Files.write(f, b);
        try (JournalFiles.ChunkReader cr = new JournalFiles.ChunkReader(f)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> cr.next(new JournalFiles.Chunk()))
                    .isInstanceOf(IOException.class).hasMessageContaining("longer than");
        }
    }

    @Test
    void alteredRecord_isReportedAtItsSuccessor_whereverItFallsInTheChunks_andRunsAgree() throws IOException {
        Path j = dir.resolve("j");
        JournalTestSupport.write(j, 6000, 500);   // about 3 MB: several chunks and slices
        Path rf;
        try (var s = Files.list(j)) {
            rf = s.filter(p -> p.getFileName().toString().startsWith("records-")).findFirst().orElseThrow();
        }
        byte[] original = Files.readAllBytes(rf);
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < original.length - 1; i++) {
            if (original[i] == '\n') {
                starts.add(i + 1);
            }
        }
        assertThat(starts).hasSize(6000);
        JournalVerification clean = AuditJournal.verify(j, KEYS.getPublic());
        assertThat(clean.intact()).isTrue();
        assertThat(clean.records()).isEqualTo(6000);
        // lines on both sides of each 1 MiB chunk boundary, plus a spread through the file
        List<Integer> targets = new ArrayList<>(List.of(1, 2, 3000, 5998, 5999));
        for (int boundary = JournalFiles.ChunkReader.CHUNK; boundary < original.length;
                boundary += JournalFiles.ChunkReader.CHUNK) {
            int line = 1;   // 1-based line holding the boundary byte
            while (line < starts.size() && starts.get(line) <= boundary) {
                line++;
            }
            targets.addAll(List.of(line - 1, line, line + 1));
        }
        for (int t = 397; t < 5999; t += 797) {
            targets.add(t);
        }
        for (int line : targets) {
            byte[] b = original.clone();
            int at = starts.get(line - 1) + 30;   // inside the event object
            b[at] = (byte) (b[at] == 'A' ? 'B' : 'A');
            Files.write(rf, b);
            JournalVerification v = AuditJournal.verify(j, KEYS.getPublic());
            assertThat(v.intact()).as("line %d", line).isFalse();
            assertThat(v.problems()).as("line %d", line).anySatisfy(p -> {
                assertThat(p.file()).isEqualTo(rf.getFileName().toString());
                assertThat(p.line()).isEqualTo(line + 1);
                assertThat(p.kind()).isEqualTo("CHAIN_BROKEN");
            });
            assertThat(v.problems()).as("line %d", line).noneMatch(p -> p.kind().equals("SEQUENCE")
                    || p.kind().equals("MALFORMED") || p.kind().equals("CHAIN_BROKEN") && p.line() != line + 1);
            JournalVerification again = AuditJournal.verify(j, KEYS.getPublic());
            assertThat(again.problems()).as("same report twice").isEqualTo(v.problems());
            assertThat(again.records()).isEqualTo(v.records());
        }
        Files.write(rf, original);
        assertThat(AuditJournal.verify(j, KEYS.getPublic()).intact()).isTrue();
    }
}
