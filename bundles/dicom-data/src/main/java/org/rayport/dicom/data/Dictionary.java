package org.rayport.dicom.data;

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
import java.util.Optional;

/**
 * The standard data dictionary (PS3.6), generated from DCMTK's dicom.dic by
 * scripts/generate-dicom-dictionary.sh into dictionary.tsv. Thread-safe and immutable.
 *
 * <pre>{@code
 * Dictionary.standard().keywordOf(Tag.of(0x0010, 0x0010));  // "PatientName"
 * Dictionary.standard().tagOf("PatientName");              // (0010,0010)
 * }</pre>
 */
public final class Dictionary {

    private static final String RESOURCE = "dictionary.tsv";
    private static final String UID_RESOURCE = "uids.tsv";

    private final Map<Integer, DictionaryEntry> byTag;
    private final Map<String, Tag> byKeyword;
    /** Repeating groups such as (60xx,0010): few, so a linear scan after the exact lookup is fine. */
    private final List<int[]> repeatingMasks;
    private final List<DictionaryEntry> repeatingEntries;
    private final Map<String, UidEntry> byUid;
    private final Map<String, UidEntry> uidByKeyword;

    private Dictionary(Map<Integer, DictionaryEntry> byTag, Map<String, Tag> byKeyword,
                       List<int[]> repeatingMasks, List<DictionaryEntry> repeatingEntries, Map<String, UidEntry> byUid) {
        this.byTag = byTag;
        this.byKeyword = byKeyword;
        this.repeatingMasks = repeatingMasks;
        this.repeatingEntries = repeatingEntries;
        this.byUid = byUid;
        Map<String, UidEntry> keywords = new HashMap<>();
        byUid.values().forEach(entry -> keywords.putIfAbsent(entry.keyword(), entry));
        this.uidByKeyword = Map.copyOf(keywords);
    }

    private static final class Holder {
        static final Dictionary STANDARD = load();
    }

    public static Dictionary standard() {
        return Holder.STANDARD;
    }

    /** The definition of this tag, if the standard has one (never for private tags). */
    public Optional<DictionaryEntry> lookup(Tag tag) {
        return Optional.ofNullable(find(tag.value()));
    }

    /** The keyword, e.g. "PatientName"; empty string for unknown and private tags. */
    public String keywordOf(Tag tag) {
        DictionaryEntry e = find(tag.value());
        return e == null ? "" : e.keyword();
    }

    public String nameOf(Tag tag) {
        DictionaryEntry e = find(tag.value());
        return e == null ? "" : e.name();
    }

    /**
     * The VR to use when the encoding carries none (implicit VR): the dictionary's,
     * UL for group lengths, LO for private creators, UN otherwise.
     */
    public Vr vrOf(Tag tag) {
        if (tag.isGroupLength()) {
            return Vr.UL;
        }
        if (tag.isPrivateCreator()) {
            return Vr.LO;
        }
        DictionaryEntry e = tag.isPrivate() ? null : find(tag.value());
        return e == null ? Vr.UN : e.defaultVr();
    }

    /** The tag of a standard keyword; IllegalArgumentException for an unknown keyword. */
    public Tag tagOf(String keyword) {
        Tag tag = byKeyword.get(keyword);
        if (tag == null) {
            throw new IllegalArgumentException("no DICOM keyword '" + keyword + "' in the standard dictionary");
        }
        return tag;
    }

    public int size() {
        return byTag.size() + repeatingEntries.size();
    }

    /** What the standard calls a UID, e.g. "CT Image Storage" for 1.2.840.10008.5.1.4.1.1.2. */
    public Optional<UidEntry> lookupUid(String uid) {
        return Optional.ofNullable(byUid.get(uid));
    }

    /** The UID of a standard UID keyword, e.g. "CTImageStorage"; IllegalArgumentException for an unknown one. */
    public String uidOf(String keyword) {
        UidEntry entry = uidByKeyword.get(keyword);
        if (entry == null) {
            throw new IllegalArgumentException("no DICOM UID keyword '" + keyword + "' in the standard dictionary");
        }
        return entry.uid();
    }

    /** How many UIDs the dictionary knows. */
    public int uidCount() {
        return byUid.size();
    }

    private DictionaryEntry find(int tag) {
        DictionaryEntry e = byTag.get(tag);
        if (e != null || (tag >>> 16 & 1) == 1) {
            return e;
        }
        for (int i = 0; i < repeatingMasks.size(); i++) {
            int[] mv = repeatingMasks.get(i);
            if ((tag & mv[0]) == mv[1]) {
                return repeatingEntries.get(i);
            }
        }
        return null;
    }

    private static Dictionary load() {
        Map<Integer, DictionaryEntry> byTag = new HashMap<>(8192);
        Map<String, Tag> byKeyword = new HashMap<>(8192);
        List<int[]> masks = new ArrayList<>();
        List<DictionaryEntry> repeating = new ArrayList<>();
        try (InputStream in = Dictionary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the bundle");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                List<Vr> vrs = new ArrayList<>();
                if (!f[1].equals("NONE")) {
                    for (String vr : f[1].split("\\|")) {
                        vrs.add(Vr.valueOf(vr));
                    }
                }
                DictionaryEntry entry = new DictionaryEntry(f[0], vrs, f[2], f[3], f[4], f[5].equals("Y"));
                String hex = f[0].substring(1, 5) + f[0].substring(6, 10);
                int mask = 0;
                int value = 0;
                for (int i = 0; i < 8; i++) {
                    char c = hex.charAt(i);
                    mask <<= 4;
                    value <<= 4;
                    if (c != 'x') {
                        mask |= 0xF;
                        value |= Character.digit(c, 16);
                    }
                }
                if (mask == -1) {
                    byTag.put(value, entry);
                } else {
                    masks.add(new int[] {mask, value});
                    repeating.add(entry);
                }
                byKeyword.putIfAbsent(entry.keyword(), Tag.of(value));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Dictionary(Map.copyOf(byTag), Map.copyOf(byKeyword), List.copyOf(masks), List.copyOf(repeating),
                loadUids());
    }

    private static Map<String, UidEntry> loadUids() {
        Map<String, UidEntry> byUid = new HashMap<>(1024);
        try (InputStream in = Dictionary.class.getResourceAsStream(UID_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(UID_RESOURCE + " is missing from the bundle");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                byUid.put(f[0], new UidEntry(f[0], f[1], f[2], f[3], f[4].equals("Y")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(byUid);
    }
}
