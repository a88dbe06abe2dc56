package org.rayport.dicom.net;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Element;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.net.dimse.Query;
import org.rayport.dicom.net.dimse.Retrieve;

/**
 * A few Part 10 files answering C-FIND and C-MOVE/C-GET as a PACS would, for the tests: the real index belongs to
 * the pools. Matching (PS3.4 C.2.2.2): single values, a trailing {@code *} wildcard, UID lists, universal matching
 * for empty keys; one answer per distinct entity at the requested level.
 */
public final class FileArchive implements Query.Matcher, Retrieve.Source {

    private static final Tag LEVEL = Tag.named("QueryRetrieveLevel");
    private static final Map<String, Tag> LEVEL_KEYS = Map.of(
            "PATIENT", Tag.named("PatientID"),
            "STUDY", Tag.named("StudyInstanceUID"),
            "SERIES", Tag.named("SeriesInstanceUID"),
            "IMAGE", Tags.SOP_INSTANCE_UID);

    private final Map<Path, Attributes> instances = new LinkedHashMap<>();

    public FileArchive(List<Path> files) throws IOException {
        for (Path file : files) {
            instances.put(file, Part10Reader.read(file).dataset());
        }
    }

    @Override
    public Iterator<Attributes> find(String sopClass, Attributes keys) {
        Tag entity = entityKey(keys);
        Map<String, Attributes> answers = new LinkedHashMap<>();
        for (Attributes instance : instances.values()) {
            if (matches(instance, keys)) {
                answers.putIfAbsent(instance.getString(entity), answer(instance, keys));
            }
        }
        return answers.values().iterator();
    }

    @Override
    public List<Retrieve.StoredInstance> select(String sopClass, Attributes keys) throws IOException {
        entityKey(keys);
        List<Retrieve.StoredInstance> selected = new ArrayList<>();
        for (Map.Entry<Path, Attributes> instance : instances.entrySet()) {
            if (matches(instance.getValue(), keys)) {
                selected.add(Retrieve.StoredInstance.ofFile(instance.getKey()));
            }
        }
        return selected;
    }

    private static Tag entityKey(Attributes keys) {
        Tag entity = LEVEL_KEYS.get(keys.getString(LEVEL, ""));
        if (entity == null) {
            throw new IllegalArgumentException("Unknown query/retrieve level " + keys.getString(LEVEL));
        }
        return entity;
    }

    private static boolean matches(Attributes instance, Attributes keys) {
        for (Element key : keys.elements()) {
            if (key.tag().equals(LEVEL) || key.vr() == Vr.SQ || keys.getString(key.tag(), "").isEmpty()) {
                continue;
            }
            String value = instance.getString(key.tag(), "");
            boolean any = false;
            for (String wanted : keys.getStrings(key.tag())) {
                any |= wanted.endsWith("*") ? value.startsWith(wanted.substring(0, wanted.length() - 1))
                        : value.equals(wanted);
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    /** The requested keys, filled with the instance's values. */
    private static Attributes answer(Attributes instance, Attributes keys) {
        Attributes.Builder answer = Attributes.builder();
        for (Element key : keys.elements()) {
            answer.set(key);
            instance.element(key.tag()).ifPresent(answer::set);
        }
        return answer.build();
    }
}
