package io.cairn.fs;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Paths;
import java.util.Objects;

/**
 * A location in a {@link FileSystem}: an absolute URI such as {@code file:///data/chk-1/_metadata}
 * or, later, {@code s3://bucket/key}. Plain paths ({@code /data} or {@code data}) are local files,
 * resolved against the working directory. Immutable.
 */
public final class Path implements Serializable, Comparable<Path> {

    private static final long serialVersionUID = 1L;

    private final URI uri;

    private Path(URI uri) {
        this.uri = uri;
    }

    /**
     * Parses a path.
     *
     * @param pathOrUri a URI with a scheme, or a local path
     * @return the path
     * @throws IllegalArgumentException if the string is empty or not a valid URI
     */
    public static Path of(String pathOrUri) {
        Objects.requireNonNull(pathOrUri, "path cannot be null");
        if (pathOrUri.isBlank()) {
            throw new IllegalArgumentException("path must not be empty");
        }
        int colon = pathOrUri.indexOf(':');
        int slash = pathOrUri.indexOf('/');
        boolean hasScheme = colon > 1 && (slash < 0 || colon < slash);
        if (!hasScheme) {
            return fromLocal(java.nio.file.Path.of(pathOrUri));
        }
        try {
            URI uri = new URI(pathOrUri).normalize();
            if (uri.getPath() == null || uri.getPath().isEmpty()) {
                throw new IllegalArgumentException("path has no path component: '" + pathOrUri + "'");
            }
            return new Path(stripTrailingSlash(uri));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid path or URI: '" + pathOrUri + "': " + e.getMessage(), e);
        }
    }

    /**
     * @param uri an absolute URI with a scheme
     * @return the path
     * @throws IllegalArgumentException if the URI has no scheme
     */
    public static Path of(URI uri) {
        if (uri.getScheme() == null) {
            return of(uri.toString());
        }
        return new Path(stripTrailingSlash(uri.normalize()));
    }

    /**
     * @param local a local file-system path
     * @return the {@code file:} path for it, made absolute
     */
    public static Path fromLocal(java.nio.file.Path local) {
        return new Path(stripTrailingSlash(local.toAbsolutePath().normalize().toUri()));
    }

    /**
     * One spelling per location: scheme, authority (absent when empty), normalized path without a
     * trailing slash, no query or fragment. {@code file:///x}, {@code file:/x} and {@code file:/x/}
     * are the same path and print the same.
     */
    private static URI stripTrailingSlash(URI uri) {
        String p = uri.getPath();
        if (p != null && p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        String authority = uri.getAuthority();
        if (authority != null && authority.isEmpty()) {
            authority = null;
        }
        try {
            return new URI(uri.getScheme(), authority, p, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid path: '" + uri + "': " + e.getMessage(), e);
        }
    }

    /** @return the URI of this path */
    public URI toUri() {
        return uri;
    }

    /** @return the scheme, e.g. {@code file} */
    public String getScheme() {
        return uri.getScheme();
    }

    /** @return the last name in the path, e.g. {@code _metadata} */
    public String getName() {
        String p = uri.getPath();
        int slash = p.lastIndexOf('/');
        return p.substring(slash + 1);
    }

    /** @return the parent directory, or null for the root */
    public Path getParent() {
        String p = uri.getPath();
        int slash = p.lastIndexOf('/');
        if (slash <= 0) {
            return p.length() > 1 ? withPath("/") : null;
        }
        return withPath(p.substring(0, slash));
    }

    /**
     * @param name a single name or a relative path without leading slash
     * @return this path with {@code name} appended
     * @throws IllegalArgumentException if {@code name} is empty or absolute
     */
    public Path child(String name) {
        if (name.isEmpty() || name.startsWith("/")) {
            throw new IllegalArgumentException("child name must be relative and non-empty: '" + name + "'");
        }
        String p = uri.getPath();
        return withPath(p.endsWith("/") ? p + name : p + "/" + name);
    }

    /**
     * @return the local {@link java.nio.file.Path} for a {@code file:} path
     * @throws IllegalStateException if the scheme is not {@code file}
     */
    public java.nio.file.Path toLocalPath() {
        if (!"file".equals(uri.getScheme())) {
            throw new IllegalStateException("not a local file path: " + this);
        }
        return Paths.get(uri);
    }

    private Path withPath(String path) {
        try {
            return new Path(new URI(uri.getScheme(), uri.getAuthority(), path, null, null));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid path '" + path + "': " + e.getMessage(), e);
        }
    }

    @Override
    public int compareTo(Path o) {
        return uri.compareTo(o.uri);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Path && uri.equals(((Path) o).uri);
    }

    @Override
    public int hashCode() {
        return uri.hashCode();
    }

    /** @return the URI string; local paths print as {@code file:/...} */
    @Override
    public String toString() {
        return uri.toString();
    }
}
