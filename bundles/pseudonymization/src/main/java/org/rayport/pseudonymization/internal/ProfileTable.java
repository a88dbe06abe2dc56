package org.rayport.pseudonymization.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.rayport.dicom.data.Tag;

/**
 * Table E.1-1 of PS3.15, basic profile column, read from {@code basic-profile.txt} (written once from the standard;
 * its header names the edition). Overlay (60xx) and curve (50xx) groups match with any even xx.
 */
final class ProfileTable {

    /** One line of the table: the tag as the standard writes it (with xx for repeating groups). */
    record Entry(String tag, String action, String name) {
    }

    private static final ProfileTable BASIC = load();

    private final List<Entry> entries;
    private final Map<Integer, String> byTag = new HashMap<>();
    private final Map<Integer, String> overlayElements = new HashMap<>();
    private String curveAction;

    private ProfileTable(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        for (Entry e : entries) {
            String t = e.tag().substring(1, e.tag().length() - 1);
            if (t.startsWith("60xx,")) {
                overlayElements.put(Integer.parseInt(t.substring(5), 16), e.action());
            } else if (t.startsWith("50xx,")) {
                curveAction = e.action();
            } else {
                byTag.put(Tag.parse(e.tag()).value(), e.action());
            }
        }
    }

    static ProfileTable basic() {
        return BASIC;
    }

    List<Entry> entries() {
        return entries;
    }

    /** The table's action for the tag (D, Z, X, K, U or a compound such as X/Z/D), or null: keep. */
    String action(Tag tag) {
        String exact = byTag.get(tag.value());
        if (exact != null) {
            return exact;
        }
        int group = tag.group();
        if ((group & 0xFF01) == 0x6000) {
            return overlayElements.get(tag.element());
        }
        if ((group & 0xFF01) == 0x5000 && curveAction != null) {
            return curveAction;
        }
        return null;
    }

    private static ProfileTable load() {
        try (InputStream in = ProfileTable.class.getResourceAsStream("basic-profile.txt")) {
            if (in == null) {
                throw new IllegalStateException("basic-profile.txt is missing from the bundle");
            }
            List<Entry> entries = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t");
                if (fields.length != 3 || !fields[0].matches("\\([0-9A-Fa-fx]{4},[0-9A-Fa-fx]{4}\\)")) {
                    throw new IllegalStateException("basic-profile.txt line " + number + " is not 'tag<TAB>action<TAB>name': "
                            + line);
                }
                entries.add(new Entry(fields[0], fields[1], fields[2]));
            }
            return new ProfileTable(entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
