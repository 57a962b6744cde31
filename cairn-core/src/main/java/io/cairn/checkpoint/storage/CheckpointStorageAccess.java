package io.cairn.checkpoint.storage;

/** Both views of one job's checkpoint storage, as the coordinator holds it. */
public interface CheckpointStorageAccess extends CheckpointStorageCoordinatorView, CheckpointStorageWorkerView {}
