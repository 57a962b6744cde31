package io.cairn.runtime.api;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/** Copies user functions so that every subtask and every attempt gets its own instance. */
final class Functions {

    private Functions() {}

    /**
     * @param function a serializable function (lambdas must target a serializable interface)
     * @param <F> its type
     * @return a deep copy
     * @throws IllegalArgumentException naming the function's class if it cannot be serialized
     */
    @SuppressWarnings("unchecked")
    static <F extends Serializable> F copy(F function) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(function);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())) {
                @Override
                protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                    return Class.forName(desc.getName(), false, Thread.currentThread().getContextClassLoader() != null
                            ? Thread.currentThread().getContextClassLoader() : Functions.class.getClassLoader());
                }
            }) {
                return (F) in.readObject();
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalArgumentException("function " + function.getClass().getName()
                    + " cannot be copied for each subtask; it and everything it captures must be Serializable: " + e, e);
        }
    }
}
