package io.cairn.checkpoint.inspect;

/**
 * One state in a snapshot stream, as recorded in the stream's header.
 *
 * @param name the state's name
 * @param kind for keyed state the state kind ({@code VALUE}, {@code LIST}, {@code MAP}, {@code REDUCING},
 *     {@code AGGREGATING}); for operator state the distribution mode ({@code SPLIT_DISTRIBUTE},
 *     {@code UNION}, {@code BROADCAST})
 * @param keySerializer the key serializer of a broadcast state; null otherwise (keyed state records its key
 *     serializer once per stream, see {@link StreamReport#keySerializer()})
 * @param namespaceSerializer the namespace serializer of keyed state; null for operator state
 * @param valueSerializer the value serializer (for list and map state the serializer of the whole list or
 *     map); for operator list state the element serializer
 * @param count keyed state: the number of entries (key and namespace pairs) in the stream's key groups;
 *     operator state: the number of elements the checkpoint's handles list (one per list element, one per
 *     broadcast state)
 */
public record StateReport(
        String name, String kind, String keySerializer, String namespaceSerializer, String valueSerializer, long count) {}
