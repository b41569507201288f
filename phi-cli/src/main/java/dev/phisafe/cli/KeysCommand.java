package dev.phisafe.cli;

import dev.phisafe.core.spi.CryptoException;
import dev.phisafe.tink.KeyInfo;
import dev.phisafe.tink.KeyPurpose;
import dev.phisafe.tink.KeysetId;
import dev.phisafe.tink.LocalKekClient;
import dev.phisafe.tink.TinkKeyring;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code phi keys}: the key administrator's view of a {@link TinkKeyring} directory — create, rotate, list, disable,
 * delete and destroy (crypto-shred) keysets per tenant, patient and purpose, plus {@code init-kek} for a local
 * development KEK. Never prints key material: {@code list} shows key ids, status, primary flag and creation dates.
 *
 * <p>Exit codes: 0 ok; 1 a check failed (the keyset does not exist or does not decrypt under the KEK, nothing to
 * list or destroy); 2 bad usage (unknown purpose, invalid id, keyset exists already, destroy without {@code --yes}).
 * Invalid ids are not echoed (a name or MRN typed by mistake stays off the terminal log).
 */
@Command(name = "keys",
        mixinStandardHelpOptions = true,
        description = "Manage encryption keys: keysets per tenant (and patient) and purpose, under a KMS key (KEK).",
        subcommands = {KeysCommand.InitKek.class, KeysCommand.Create.class, KeysCommand.Rotate.class,
            KeysCommand.ListKeys.class, KeysCommand.Disable.class, KeysCommand.Delete.class,
            KeysCommand.Destroy.class})
final class KeysCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** {@code phi keys} without a subcommand: usage, exit 2. */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("phi keys: missing command");
        spec.commandLine().usage(err);
        return PhiCommand.BAD_INPUT;
    }

    /** Where the keyset files are and which KEK wraps them. */
    static final class Store {
        @Option(names = "--keys", required = true, paramLabel = "DIR", description = "keyset directory")
        Path directory;

        @Option(names = "--kek", required = true, paramLabel = "URI",
                description = "KEK URI: local-kek:///path (development) or a URI of a KMS client registered with Tink")
        String kekUri;

        TinkKeyring keyring() {
            TinkKeyring.Builder b = TinkKeyring.builder().directory(directory);
            LocalKekClient local = new LocalKekClient();
            return (local.doesSupport(kekUri) ? b.kek(local, kekUri) : b.kekUri(kekUri)).build();
        }
    }

    /** Which keysets. */
    static final class Target {
        @Option(names = "--tenant", required = true, paramLabel = "ID", description = "tenant id (opaque)")
        String tenant;

        @Option(names = "--patient", paramLabel = "ID", description = "patient id (opaque) for a per-patient keyset")
        String patient;

        @Option(names = "--purpose", paramLabel = "PURPOSE", defaultValue = "all",
                description = "aead, deterministic_aead, mac, prf, vector or all (default: ${DEFAULT-VALUE})")
        String purpose;

        List<KeysetId> ids() {
            List<KeyPurpose> purposes = "all".equalsIgnoreCase(purpose) ? Arrays.asList(KeyPurpose.values())
                    : List.of(KeyPurpose.fromLabel(purpose));
            List<KeysetId> out = new ArrayList<>();
            for (KeyPurpose p : purposes) {
                out.add(patient == null ? KeysetId.of(tenant, p) : KeysetId.ofPatient(tenant, patient, p));
            }
            return out;
        }

        KeysetId single() {
            if ("all".equalsIgnoreCase(purpose)) {
                throw new IllegalArgumentException("name one --purpose for this command");
            }
            return ids().get(0);
        }
    }

    /** A subcommand body that may fail. */
    interface Action {
        int run(PrintWriter out) throws IOException;
    }

    /** Runs an action with the exit-code policy of this command. */
    static int execute(CommandSpec spec, Action action) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String name = "phi keys " + spec.name();
        try {
            int code = action.run(out);
            out.flush();
            return code;
        } catch (CryptoException e) {
            err.println(name + ": " + e.getMessage());        // ids only, by contract
            return PhiCommand.CHECK_FAILED;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println(name + ": " + e.getMessage());        // our messages name ids, never values we rejected
            return PhiCommand.BAD_INPUT;
        } catch (FileAlreadyExistsException e) {
            err.println(name + ": the file exists already");
            return PhiCommand.BAD_INPUT;
        } catch (IOException | RuntimeException e) {
            err.println(PhiCommand.unexpected("keys " + spec.name(), e));
            return PhiCommand.BAD_INPUT;
        }
    }

    private static void print(PrintWriter out, KeysetId id, List<KeyInfo> keys) {
        for (KeyInfo k : keys) {
            out.printf("%-40s %s %-8s %-7s %s%n", id, k.keyId(), k.status(), k.primary() ? "primary" : "-",
                    k.created());
        }
    }

    /** {@code phi keys init-kek}: a new local KEK file for development. */
    @Command(name = "init-kek", mixinStandardHelpOptions = true,
            description = "Create a local KEK file (development only; use a cloud KMS or HSM in production) and print its URI.")
    static final class InitKek implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--file", required = true, paramLabel = "FILE", description = "the KEK file to create")
        Path file;

        @Override
        public Integer call() {
            return execute(spec, out -> {
                out.println(LocalKekClient.generate(file));
                return PhiCommand.OK;
            });
        }
    }

    /** {@code phi keys create}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create keysets (one primary key each) for a tenant or patient.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Store store;
        @Mixin
        Target target;

        @Override
        public Integer call() {
            return execute(spec, out -> {
                TinkKeyring keyring = store.keyring();
                for (KeysetId id : target.ids()) {
                    print(out, id, keyring.create(id));
                }
                return PhiCommand.OK;
            });
        }
    }

    /** {@code phi keys rotate}: add a key and make it primary; older keys keep decrypting until disabled. */
    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Add a new key and make it primary (old keys still decrypt until disabled).")
    static final class Rotate implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Store store;
        @Mixin
        Target target;

        @Override
        public Integer call() {
            return execute(spec, out -> {
                TinkKeyring keyring = store.keyring();
                for (KeysetId id : target.ids()) {
                    keyring.rotate(id);
                    print(out, id, keyring.list(id));
                }
                return PhiCommand.OK;
            });
        }
    }

    /** {@code phi keys list}: ids, status, primary flag, creation dates. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List keys: keyset, key id, status, primary, creation date (never key material).")
    static final class ListKeys implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Store store;
        @Option(names = "--tenant", required = true, paramLabel = "ID", description = "tenant id")
        String tenant;

        @Override
        public Integer call() {
            return execute(spec, out -> {
                TinkKeyring keyring = store.keyring();
                List<KeysetId> ids = keyring.keysets(tenant);
                if (ids.isEmpty()) {
                    spec.commandLine().getErr().println("phi keys list: tenant " + tenant + " has no keysets");
                    return PhiCommand.CHECK_FAILED;
                }
                for (KeysetId id : ids) {
                    print(out, id, keyring.list(id));
                }
                return PhiCommand.OK;
            });
        }
    }

    /** {@code phi keys disable}: rotation step 4. */
    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Disable a key that is not primary: what it encrypted stops decrypting (reversible until deleted).")
    static final class Disable implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Store store;
        @Mixin
        Target target;
        @Option(names = "--key-id", required = true, paramLabel = "ID", description = "the key id (8 hex digits)")
        String keyId;

        @Override
        public Integer call() {
            return execute(spec, out -> {
                TinkKeyring keyring = store.keyring();
                KeysetId id = target.single();
                keyring.disable(id, keyId);
                print(out, id, keyring.list(id));
                return PhiCommand.OK;
            });
        }
    }

    /** {@code phi keys delete}: rotation step 5. */
    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a disabled key for good.")
    static final class Delete implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Store store;
        @Mixin
        Target target;
        @Option(names = "--key-id", required = true, paramLabel = "ID", description = "the key id (8 hex digits)")
        String keyId;

        @Override
        public Integer call() {
            return execute(spec, out -> {
                TinkKeyring keyring = store.keyring();
                KeysetId id = target.single();
                keyring.deleteKey(id, keyId);
                print(out, id, keyring.list(id));
                return PhiCommand.OK;
            });
        }
    }

    /** {@code phi keys destroy}: crypto-shred a tenant's or a patient's keysets. */
    @Command(name = "destroy", mixinStandardHelpOptions = true,
            description = "Crypto-shred every keyset of a tenant (or of one patient): their data can never be decrypted again.")
    static final class Destroy implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Store store;
        @Option(names = "--tenant", required = true, paramLabel = "ID", description = "tenant id")
        String tenant;
        @Option(names = "--patient", paramLabel = "ID", description = "only this patient's keysets")
        String patient;
        @Option(names = "--yes", description = "confirm: this cannot be undone")
        boolean yes;

        @Override
        public Integer call() {
            return execute(spec, out -> {
                if (!yes) {
                    throw new IllegalArgumentException("destroy cannot be undone: add --yes to confirm");
                }
                TinkKeyring keyring = store.keyring();
                int n = patient == null ? keyring.destroyTenant(tenant) : keyring.destroyPatient(tenant, patient);
                if (n == 0) {
                    spec.commandLine().getErr().println("phi keys destroy: nothing to destroy");
                    return PhiCommand.CHECK_FAILED;
                }
                out.println("destroyed " + n + " keyset(s) of tenant " + tenant
                        + (patient == null ? "" : ", patient " + patient));
                return PhiCommand.OK;
            });
        }
    }
}
