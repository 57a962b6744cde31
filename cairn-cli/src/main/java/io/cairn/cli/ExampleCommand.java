package io.cairn.cli;

import io.cairn.examples.RescaleExample;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cairn example}: the rescale example of the state backends. */
@Command(name = "example", mixinStandardHelpOptions = true,
        description = "Write keyed and operator state, checkpoint it, restore it at parallelism 3.")
final class ExampleCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", defaultValue = "cairn-data/example", description = "checkpoint directory (default: ${DEFAULT-VALUE})")
    String directory;

    @Override
    public Integer call() throws Exception {
        RescaleExample.main(new String[] {directory});
        return ExitCodes.OK;
    }
}
