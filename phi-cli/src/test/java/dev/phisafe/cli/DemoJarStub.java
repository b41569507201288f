package dev.phisafe.cli;

/** Stands in for examples/target/phi-demo.jar in {@link DemoCommandTest}: echoes its arguments, exits 3. */
final class DemoJarStub {
    private DemoJarStub() {
    }

    public static void main(String[] args) {
        System.out.println("stub demo ran with: " + String.join(" ", args));
        System.exit(3);
    }
}
