package io.cairn.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code cairn demo}: placeholder replaced in the next commit. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run the payments demo job.")
final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return ExitCodes.USAGE;
    }
}
