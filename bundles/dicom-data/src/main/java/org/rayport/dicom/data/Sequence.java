package org.rayport.dicom.data;

import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/** The items of a sequence (SQ) element: nested data sets. Immutable. */
public final class Sequence implements Iterable<Attributes> {

    public static final Sequence EMPTY = new Sequence(List.of());

    private final List<Attributes> items;

    private Sequence(List<Attributes> items) {
        this.items = items;
    }

    public static Sequence of(List<Attributes> items) {
        return items.isEmpty() ? EMPTY : new Sequence(List.copyOf(items));
    }

    public static Sequence of(Attributes... items) {
        return of(List.of(items));
    }

    public List<Attributes> items() {
        return items;
    }

    public int size() {
        return items.size();
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    public Attributes get(int index) {
        return items.get(index);
    }

    public Stream<Attributes> stream() {
        return items.stream();
    }

    @Override
    public Iterator<Attributes> iterator() {
        return items.iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sequence s && s.items.equals(items);
    }

    @Override
    public int hashCode() {
        return items.hashCode();
    }

    @Override
    public String toString() {
        return "Sequence" + items;
    }
}
