package dev.phisafe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new PhiCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @AfterEach
    void clearProperty() {
        System.clearProperty(DemoCommand.JAR_PROPERTY);
    }

    @Test
    void demo_runsTheDemoJarInAChildJvm_forwardingOptionsAndItsExitCode() throws Exception {
        // a real jar whose Main-Class is the stub, found on the test classes through its manifest Class-Path
        Path classes = Path.of(DemoJarStub.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, DemoJarStub.class.getName());
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, classes.toUri().toString());
        Path jar = dir.resolve("phi-demo.jar");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(os, m)) {
            j.flush();
        }
        System.setProperty(DemoCommand.JAR_PROPERTY, jar.toString());

        Run r = run("demo", "--offline", "--out", dir.resolve("o").toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(3);
        assertThat(r.out()).contains("stub demo ran with: --out " + dir.resolve("o") + " --offline");
    }

    @Test
    void demo_withoutTheDemoJar_exits2_andSaysHowToGetIt() {
        System.setProperty(DemoCommand.JAR_PROPERTY, dir.resolve("absent.jar").toString());

        Run r = run("demo");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("examples/target/phi-demo.jar", "./phi demo", "--scan-only");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void demoScanOnly_withAFullDemoOption_exits2() {
        Run r = run("demo", "--scan-only", "--offline");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--scan-only");
    }
}
