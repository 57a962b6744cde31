package io.cairn.cli;

import io.cairn.checkpoint.CompletedCheckpoint;
import io.cairn.checkpoint.storage.FileSystemCheckpointStorage;
import io.cairn.checkpoint.storage.FsCheckpointStorageAccess;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cairn checkpoints list DIR}: every checkpoint and savepoint under a directory. */
@Command(name = "checkpoints", mixinStandardHelpOptions = true,
        description = "Find checkpoints and savepoints.",
        subcommands = {CheckpointsCommand.ListCommand.class})
final class CheckpointsCommand implements Callable<Integer> {

    /** How deep {@code list} looks for {@code _metadata} files below the directory. */
    static final int MAX_DEPTH = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a subcommand: prints the usage. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** One row of the table. */
    record Row(long id, String type, String time, String size, String operators, String status, String path) {}

    /** {@code cairn checkpoints list DIR}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List every checkpoint and savepoint (every _metadata file at most " + MAX_DEPTH
                    + " levels below DIR),", "sorted by id, with type, completion time, state size, operators and status",
                "(complete if its metadata loads, else BROKEN with the reason)."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:ok (also when some checkpoints are broken)", "2:usage error",
                "3:DIR does not exist or cannot be read"})
    static final class ListCommand implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "a directory: checkpoint base directory, job directory or savepoint directory")
        String directory;

        @Override
        public Integer call() throws IOException {
            Path dir = io.cairn.fs.Path.of(directory).toLocalPath();
            if (!Files.isDirectory(dir)) {
                throw new FileNotFoundException("no directory '" + directory + "'");
            }
            List<Path> metadataFiles;
            try (Stream<Path> files = Files.walk(dir, MAX_DEPTH)) {
                metadataFiles = files.filter(p -> p.getFileName() != null
                                && p.getFileName().toString().equals(FileSystemCheckpointStorage.METADATA_FILE_NAME)
                                && Files.isRegularFile(p))
                        .toList();
            }
            List<Row> rows = new ArrayList<>();
            for (Path metadata : metadataFiles) {
                rows.add(row(metadata));
            }
            rows.sort(Comparator.comparingLong(Row::id).thenComparing(Row::path));
            PrintWriter out = spec.commandLine().getOut();
            if (rows.isEmpty()) {
                out.println("no checkpoints or savepoints under " + dir);
            } else {
                printTable(out, rows);
            }
            out.flush();
            return ExitCodes.OK;
        }

        private static Row row(Path metadata) {
            Path checkpointDir = metadata.getParent();
            String name = checkpointDir.getFileName() == null ? "" : checkpointDir.getFileName().toString();
            try {
                CompletedCheckpoint cp = CompletedCheckpoint.load(metadata.toString());
                return new Row(cp.getCheckpointId(), cp.getProperties().isSavepoint() ? "savepoint" : "checkpoint",
                        Instant.ofEpochMilli(cp.getCompletionTimestamp()).toString(), humanBytes(cp.getSize()),
                        String.valueOf(cp.getOperatorStates().size()), "complete", checkpointDir.toString());
            } catch (IOException | RuntimeException e) {
                long id = Long.MAX_VALUE;
                if (name.startsWith(FsCheckpointStorageAccess.CHECKPOINT_DIR_PREFIX)) {
                    try {
                        id = Long.parseLong(name.substring(FsCheckpointStorageAccess.CHECKPOINT_DIR_PREFIX.length()));
                    } catch (NumberFormatException ignored) {
                        // not a numbered checkpoint directory
                    }
                }
                String reason = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
                return new Row(id, name.startsWith("savepoint-") ? "savepoint" : "checkpoint", "-", "-", "-",
                        "BROKEN: " + reason, checkpointDir.toString());
            }
        }

        private static void printTable(PrintWriter out, List<Row> rows) {
            List<String[]> cells = new ArrayList<>();
            cells.add(new String[] {"ID", "TYPE", "TIME", "SIZE", "OPERATORS", "STATUS", "PATH"});
            for (Row r : rows) {
                cells.add(new String[] {r.id() == Long.MAX_VALUE ? "?" : String.valueOf(r.id()), r.type(), r.time(), r.size(),
                    r.operators(), r.status(), r.path()});
            }
            int[] widths = new int[7];
            for (String[] line : cells) {
                for (int i = 0; i < line.length; i++) {
                    widths[i] = Math.max(widths[i], line[i].length());
                }
            }
            for (String[] line : cells) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < line.length; i++) {
                    sb.append(line[i]);
                    if (i < line.length - 1) {
                        sb.append(" ".repeat(widths[i] - line[i].length() + 2));
                    }
                }
                out.println(sb);
            }
        }
    }

    /**
     * @param bytes a size
     * @return it in B, KiB, MiB or GiB with one decimal
     */
    static String humanBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
