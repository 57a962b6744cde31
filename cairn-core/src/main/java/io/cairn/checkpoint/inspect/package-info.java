/**
 * Tools to look inside checkpoints and savepoints, as a library: {@link
 * io.cairn.checkpoint.inspect.CheckpointInspector} reports the metadata, operators, handles, streams,
 * states, serializers and entry counts; {@link io.cairn.checkpoint.inspect.CheckpointVerifier} reads
 * everything a restore would read and reports the first problem with its file and offset; {@link
 * io.cairn.checkpoint.inspect.StateDumper} prints one state's entries as JSON lines. The {@code cairn}
 * command's {@code checkpoint}, {@code checkpoints} and {@code state} subcommands are built on them.
 *
 * <p>Errors: unreadable or corrupt data is an {@link java.io.IOException} (a {@link
 * io.cairn.checkpoint.storage.CorruptCheckpointException} names the file and offset); a wrong operator
 * or state name is an {@link java.lang.IllegalArgumentException} listing the choices.
 */
package io.cairn.checkpoint.inspect;
