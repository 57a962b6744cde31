package io.cairn.cli;

import io.cairn.checkpoint.inspect.CheckpointInspector;
import io.cairn.checkpoint.inspect.CheckpointReport;
import io.cairn.checkpoint.inspect.CheckpointVerifier;
import io.cairn.checkpoint.inspect.VerificationResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn checkpoint inspect|verify PATH}: look inside one checkpoint or savepoint. */
@Command(name = "checkpoint", mixinStandardHelpOptions = true,
        description = "Inspect or verify one checkpoint or savepoint.",
        subcommands = {CheckpointCommand.Inspect.class, CheckpointCommand.Verify.class})
final class CheckpointCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a subcommand: prints the usage. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** {@code cairn checkpoint inspect PATH [--json]}. */
    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "Show a checkpoint's metadata, operators, handles, states with their serializers and entry counts.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:ok", "2:usage error", "3:the path does not exist, cannot be read or is corrupt"})
    static final class Inspect implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PATH", description = "checkpoint or savepoint directory, or its _metadata file")
        String path;

        @Option(names = "--json", description = "print the report as one JSON object")
        boolean json;

        @Override
        public Integer call() throws IOException {
            CheckpointReport report = CheckpointInspector.inspect(path);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(report.toJson());
            } else {
                out.print(report.toText());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** {@code cairn checkpoint verify PATH}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check a checkpoint end to end: metadata checksum, every file's existence and size,",
                "every key-group block's checksum, every entry and operator state record decoded with its serializers.",
                "Prints OK with counts, or the first problem with file and offset."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:ok", "1:a problem was found (printed)", "2:usage error",
                "3:the path does not exist or cannot be read at all"})
    static final class Verify implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PATH", description = "checkpoint or savepoint directory, or its _metadata file")
        String path;

        @Override
        public Integer call() throws IOException {
            VerificationResult result = CheckpointVerifier.verify(path);
            PrintWriter out = spec.commandLine().getOut();
            if (result.ok()) {
                out.println(result.message());
                out.flush();
                return ExitCodes.OK;
            }
            out.println("FAILED: " + result.message());
            out.flush();
            return ExitCodes.VERIFICATION_FAILED;
        }
    }
}
