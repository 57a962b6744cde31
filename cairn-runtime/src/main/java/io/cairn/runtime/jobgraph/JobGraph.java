package io.cairn.runtime.jobgraph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** A job: vertices in topological order (each added after its input) and the edges between them. */
public final class JobGraph {

    private final String name;
    private final List<JobVertex> vertices = new ArrayList<>();
    private final List<JobEdge> edges = new ArrayList<>();

    /**
     * @param name the job's name
     */
    public JobGraph(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** @return the name */
    public String getName() {
        return name;
    }

    /**
     * Adds a vertex.
     *
     * @param vertex the vertex
     * @throws IllegalArgumentException if its operator id (from its uid) is already used
     */
    public void addVertex(JobVertex vertex) {
        for (JobVertex v : vertices) {
            if (v.getOperatorId().equals(vertex.getOperatorId())) {
                throw new IllegalArgumentException("two vertices share the uid of '" + v.getName() + "' and '"
                        + vertex.getName() + "'; give each operator a unique uid");
            }
        }
        vertices.add(vertex);
    }

    /**
     * Connects two added vertices.
     *
     * @param edge the edge
     * @throws IllegalArgumentException if FORWARD connects different parallelisms, or a vertex is unknown
     */
    public void connect(JobEdge edge) {
        if (!vertices.contains(edge.source()) || !vertices.contains(edge.target())) {
            throw new IllegalArgumentException("both vertices of an edge must be added first: " + edge);
        }
        if (edge.partitioning() == Partitioning.FORWARD && edge.source().getParallelism() != edge.target().getParallelism()) {
            throw new IllegalArgumentException("a FORWARD edge needs equal parallelism: " + edge.source() + " -> " + edge.target());
        }
        edge.source().connect(edge);
        edge.target().connect(edge);
        edges.add(edge);
    }

    /**
     * Adds an edge whose vertices were already connected (copying a graph under another name).
     *
     * @param edge the edge
     */
    public void connectExisting(JobEdge edge) {
        edges.add(edge);
    }

    /** @return the vertices, each after its input */
    public List<JobVertex> getVertices() {
        return Collections.unmodifiableList(vertices);
    }

    /** @return the edges */
    public List<JobEdge> getEdges() {
        return Collections.unmodifiableList(edges);
    }

    /**
     * Checks that every vertex but the sources has exactly one input and that sources have none.
     *
     * @throws IllegalStateException naming the first bad vertex
     */
    public void validate() {
        Set<JobVertex> seen = new HashSet<>();
        for (JobVertex v : vertices) {
            if (v.isSource() != (v.getInput() == null)) {
                throw new IllegalStateException("vertex " + v.getName() + (v.isSource() ? " is a source with an input" : " has no input"));
            }
            if (v.getInput() != null && !seen.contains(v.getInput().source())) {
                throw new IllegalStateException("vertex " + v.getName() + " was added before its input " + v.getInput().source().getName());
            }
            seen.add(v);
        }
    }
}
