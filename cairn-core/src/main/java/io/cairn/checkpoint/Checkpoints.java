package io.cairn.checkpoint;

import io.cairn.checkpoint.metadata.CheckpointMetadata;
import io.cairn.checkpoint.metadata.MetadataFormat;
import io.cairn.checkpoint.storage.CheckpointMetadataOutputStream;
import io.cairn.checkpoint.storage.CheckpointStorageLocation;
import io.cairn.checkpoint.storage.CompletedCheckpointStorageLocation;
import io.cairn.checkpoint.storage.FileSystemCheckpointStorage;
import io.cairn.fs.FSDataInputStream;
import java.io.IOException;

/** Writes and loads checkpoint metadata through checkpoint storage. */
public final class Checkpoints {

    private Checkpoints() {}

    /**
     * Writes metadata and publishes it atomically, completing the checkpoint's storage location.
     *
     * @param metadata the metadata
     * @param location the checkpoint's location
     * @return the completed location
     * @throws IOException if writing fails; nothing is then published
     */
    public static CompletedCheckpointStorageLocation storeMetadata(
            CheckpointMetadata metadata, CheckpointStorageLocation location) throws IOException {
        try (CheckpointMetadataOutputStream out = location.createMetadataOutputStream()) {
            out.write(MetadataFormat.serialize(metadata, location.getMetadataDirectory()));
            return out.closeAndFinalizeCheckpoint();
        }
    }

    /**
     * Reads the metadata of a completed location.
     *
     * @param location the location
     * @return the metadata
     * @throws io.cairn.checkpoint.storage.CorruptCheckpointException if it fails a check; the message names the file
     * @throws IOException if it cannot be read
     */
    public static CheckpointMetadata loadMetadata(CompletedCheckpointStorageLocation location) throws IOException {
        byte[] bytes;
        try (FSDataInputStream in = location.getMetadataHandle().openInputStream()) {
            bytes = in.readAllBytes();
        }
        String source = location.getDirectory() == null
                ? location.getExternalPointer()
                : location.getDirectory().child(FileSystemCheckpointStorage.METADATA_FILE_NAME).toString();
        return MetadataFormat.deserialize(bytes, source, location.getDirectory());
    }
}
