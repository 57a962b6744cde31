package io.cairn.checkpoint.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.fs.Path;
import java.io.FileNotFoundException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointVerifierTest {

    @TempDir
    java.nio.file.Path tmp;

    /** The local file of the first stream of a kind of the keyed operator. */
    private static java.nio.file.Path streamFile(String checkpoint, String kind, int index) throws Exception {
        OperatorReport op = CheckpointInspector.inspect(checkpoint).operator(TestCheckpoints.KEYED.toHexString());
        String location = op.streams().stream().filter(s -> s.kind().equals(kind)).toList().get(index).location();
        return Path.of(location).toLocalPath();
    }

    private static void flip(java.nio.file.Path file, long offset) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ 0x10);
        }
    }

    @Test
    void aGoodCheckpointVerifiesWithCounts() throws Exception {
        String cp = TestCheckpoints.write(tmp, 0);
        VerificationResult r = CheckpointVerifier.verify(cp);
        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(r.filesChecked()).isEqualTo(4);
        assertThat(r.streamsChecked()).isEqualTo(4);
        assertThat(r.keyGroupsChecked()).isEqualTo(TestCheckpoints.MAX_PARALLELISM);
        assertThat(r.entriesChecked()).isEqualTo(270);
        assertThat(r.operatorRecordsChecked()).isEqualTo(8);
        assertThat(r.message()).startsWith("OK: ").contains("4 files", "16 key groups", "270 entries");
    }

    @Test
    void inlineStateVerifiesToo() throws Exception {
        VerificationResult r = CheckpointVerifier.verify(TestCheckpoints.write(tmp, 1024 * 1024));
        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(r.filesChecked()).isZero();
        assertThat(r.streamsChecked()).isEqualTo(4);
        assertThat(r.entriesChecked()).isEqualTo(270);
    }

    @Test
    void aDeletedFileIsNamed() throws Exception {
        String cp = TestCheckpoints.write(tmp, 0);
        java.nio.file.Path file = streamFile(cp, "operator", 1);
        Files.delete(file);
        VerificationResult r = CheckpointVerifier.verify(cp);
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).startsWith("missing file ").contains(file.getFileName().toString())
                .contains("subtask 1");
    }

    @Test
    void aTruncatedFileIsNamedWithItsLength() throws Exception {
        String cp = TestCheckpoints.write(tmp, 0);
        java.nio.file.Path file = streamFile(cp, "keyed", 0);
        long size = Files.size(file);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size - 7);
        }
        VerificationResult r = CheckpointVerifier.verify(cp);
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).startsWith("truncated file ").contains(file.getFileName().toString())
                .contains((size - 7) + " bytes, but the checkpoint recorded " + size);
    }

    @Test
    void aFlippedByteInAKeyGroupIsReportedWithKeyGroupAndOffset() throws Exception {
        String cp = TestCheckpoints.write(tmp, 0);
        java.nio.file.Path file = streamFile(cp, "keyed", 0);
        flip(file, Files.size(file) - 7); // inside the body of the last block (key group 7)
        VerificationResult r = CheckpointVerifier.verify(cp);
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).containsPattern("checksum mismatch in key group 7 at offset \\d+ of file:\\S*"
                + file.getFileName());
    }

    @Test
    void everyFlippedByteOfAKeyedFileIsCaught() throws Exception {
        String cp = TestCheckpoints.write(tmp, 0);
        java.nio.file.Path file = streamFile(cp, "keyed", 1);
        long size = Files.size(file);
        for (long offset = 4; offset < size; offset += Math.max(1, size / 97)) { // 0..3: magic
            flip(file, offset);
            VerificationResult r = CheckpointVerifier.verify(cp);
            assertThat(r.ok()).as("flip at " + offset).isFalse();
            assertThat(r.message()).as("flip at " + offset).contains(file.getFileName().toString())
                    .contains(offset < 6 ? "version" : "offset");
            flip(file, offset);
        }
        assertThat(CheckpointVerifier.verify(cp).ok()).isTrue();
    }

    @Test
    void aFlippedByteInAnOperatorStateFileIsReported() throws Exception {
        String cp = TestCheckpoints.write(tmp, 0);
        java.nio.file.Path file = streamFile(cp, "operator", 0);
        flip(file, Files.size(file) - 6);
        VerificationResult r = CheckpointVerifier.verify(cp);
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).containsPattern("checksum mismatch in record at offset \\d+ of file:\\S*" + file.getFileName());
    }

    @Test
    void aFlippedByteInTheMetadataIsReported() throws Exception {
        String cp = TestCheckpoints.write(tmp, 0);
        java.nio.file.Path metadata = Path.of(cp).toLocalPath().resolve("_metadata");
        flip(metadata, Files.size(metadata) / 2);
        VerificationResult r = CheckpointVerifier.verify(cp);
        assertThat(r.ok()).isFalse();
        assertThat(r.message()).startsWith("corrupt metadata: checksum mismatch in ").contains("_metadata");
    }

    @Test
    void aMissingCheckpointIsAnException() {
        assertThatThrownBy(() -> CheckpointVerifier.verify(tmp.resolve("none").toString()))
                .isInstanceOf(FileNotFoundException.class);
    }

    @Test
    void incrementalHandlesAreCheckedForFilesOnly() throws Exception {
        VerificationResult r = CheckpointVerifier.verify(TestCheckpoints.writeIncremental(tmp));
        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(r.message()).contains("1 native handles (incremental or full): files checked");
    }
}
