package io.cairn.cli;

import io.cairn.checkpoint.inspect.StateDumper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn state dump PATH --operator ID --state NAME [--key K]}: print a state's entries. */
@Command(name = "state", mixinStandardHelpOptions = true,
        description = "Read state out of a checkpoint or savepoint.",
        subcommands = {StateCommand.Dump.class})
final class StateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a subcommand: prints the usage. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** {@code cairn state dump}. */
    @Command(name = "dump", mixinStandardHelpOptions = true,
            description = {"Print every entry of one state as a JSON object per line:",
                "keyed state {\"key\":..,\"namespace\":..,\"value\":..} (no namespace for state without one),",
                "operator list state {\"value\":..}, broadcast state {\"key\":..,\"value\":..}."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:ok", "1:the state is in a native snapshot (incremental or native full checkpoint, native savepoint),",
                "  which cannot be dumped yet",
                "2:usage error, unknown operator or state (the choices are listed)",
                "3:the path does not exist, cannot be read or is corrupt"})
    static final class Dump implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PATH", description = "checkpoint or savepoint directory, or its _metadata file")
        String path;

        @Option(names = "--operator", required = true, paramLabel = "ID",
                description = "the operator: its id (32 hex digits) or its uid")
        String operator;

        @Option(names = "--state", required = true, paramLabel = "NAME", description = "the state's name")
        String state;

        @Option(names = "--key", paramLabel = "K", description = "print only the entries whose key's toString() is K")
        String key;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                StateDumper.dump(path, operator, state, key, out);
                return ExitCodes.OK;
            } catch (IllegalArgumentException e) {
                out.flush();
                err.println("cairn: " + e.getMessage());
                err.flush();
                return ExitCodes.USAGE;
            } catch (UnsupportedOperationException e) {
                out.flush();
                err.println("cairn: " + e.getMessage());
                err.flush();
                return ExitCodes.VERIFICATION_FAILED;
            }
        }
    }
}
