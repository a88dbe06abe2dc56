package org.rayport.pseudonymization.internal;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.Element;
import org.rayport.dicom.data.Sequence;
import org.rayport.dicom.data.Tag;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.Vr;

/**
 * Applies the basic profile to elements, for one data set whose patient is known (dates are shifted per patient).
 *
 * <p>How the table's actions are carried out:
 * <ul>
 * <li>X removes; K keeps; U replaces each UID by {@link Pseudonyms#uid}.</li>
 * <li>Z gives an empty value, except PatientName and PatientID (their pseudonyms) and dates (DA, DT: shifted, a
 * dummy the profile allows for Z).</li>
 * <li>D gives a dummy: PN {@code PSEUDO^xxxxxxxx}, DA/DT the date shifted back by 1-3650 days per patient (DT keeps
 * the date only), TM {@code 000000.00}, IS/DS {@code 0}, AS {@code 000Y}, other text {@code D} and hex derived from
 * the value (so IDs stay consistent), binary values zeros of the same length.</li>
 * <li>Compound actions, where the table leaves the choice to the IOD's type: for elements the last (most conservative)
 * one: X/Z gives Z, X/D, Z/D and X/Z/D give D. For sequences: X/Z, X/D and X/Z/D remove the sequence (they are type
 * 3 wherever they occur, and dciodvfy rejects a type 3 sequence without items), except AcquisitionContextSequence,
 * type 2 in its module, which is emptied; D and X/Z/U* keep the items, cleaned recursively.</li>
 * <li>Private elements are removed; sequences not in the table keep their items, cleaned recursively; every other
 * attribute is kept.</li>
 * </ul>
 */
final class Deidentifier {

    static final Tag PATIENT_IDENTITY_REMOVED = Tag.of(0x0012, 0x0062);
    static final Tag DEIDENTIFICATION_METHOD = Tag.of(0x0012, 0x0063);
    static final Tag DEIDENTIFICATION_METHOD_CODE_SEQUENCE = Tag.of(0x0012, 0x0064);
    static final Tag LONGITUDINAL_TEMPORAL_INFORMATION_MODIFIED = Tag.of(0x0028, 0x0303);
    static final Tag ACQUISITION_CONTEXT_SEQUENCE = Tag.of(0x0040, 0x0555);
    static final String METHOD = "Rayport: PS3.15 Basic Profile, pool pseudonyms, shifted dates";

    enum Action { REMOVE, EMPTY, DUMMY, KEEP, UID, RECURSE }

    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;
    private static final int MAX_DUMMY_BYTES = 1 << 20;

    private final ProfileTable table;
    private final Pseudonyms pseudonyms;
    private final int dateShiftDays;

    Deidentifier(ProfileTable table, Pseudonyms pseudonyms, String originalPatientId) {
        this.table = table;
        this.pseudonyms = pseudonyms;
        this.dateShiftDays = pseudonyms.dateShiftDays(originalPatientId == null ? "" : originalPatientId);
    }

    /** What the basic profile does to an element of the tag (a sequence or not). */
    static Action resolve(String tableAction, boolean sequence) {
        if (tableAction == null) {
            return sequence ? Action.RECURSE : Action.KEEP;
        }
        if (sequence) {
            if (tableAction.equals("X")) {
                return Action.REMOVE;
            }
            if (tableAction.equals("Z")) {
                return Action.EMPTY;
            }
            if (tableAction.contains("U*") || tableAction.equals("D") || tableAction.equals("K")) {
                return Action.RECURSE;
            }
            return Action.REMOVE;
        }
        switch (tableAction.charAt(tableAction.length() - 1)) {
            case 'X':
                return Action.REMOVE;
            case 'Z':
                return Action.EMPTY;
            case 'D':
                return Action.DUMMY;
            case 'K':
                return Action.KEEP;
            case 'U':
            case '*':
                return Action.UID;
            default:
                throw new IllegalStateException("unknown action '" + tableAction + "' in the profile table");
        }
    }

    /** The attributes the profile adds, by tag: they replace input elements of the same tag. */
    static Map<Integer, Element> additions() {
        Map<Integer, Element> added = new TreeMap<>(Integer::compareUnsigned);
        Attributes code = Attributes.builder()
                .setString(Tag.of(0x0008, 0x0100), Vr.SH, "113100")
                .setString(Tag.of(0x0008, 0x0102), Vr.SH, "DCM")
                .setString(Tag.of(0x0008, 0x0104), Vr.LO, "Basic Application Confidentiality Profile")
                .build();
        Attributes additions = Attributes.builder()
                .setString(PATIENT_IDENTITY_REMOVED, Vr.CS, "YES")
                .setString(DEIDENTIFICATION_METHOD, Vr.LO, METHOD)
                .setSequence(DEIDENTIFICATION_METHOD_CODE_SEQUENCE, code)
                .setString(LONGITUDINAL_TEMPORAL_INFORMATION_MODIFIED, Vr.CS, "MODIFIED")
                .build();
        for (Element e : additions.elements()) {
            added.put(e.tag().value(), e);
        }
        return added;
    }

    /** The whole data set (a Part 10 file read with bulk data by reference), with the additions. */
    Attributes apply(Attributes dataSet) {
        Attributes.Builder result = cleaned(dataSet).toBuilder();
        for (Element e : additions().values()) {
            result.set(e);
        }
        return result.build();
    }

    /** The element as the profile leaves it, or null when it is removed. */
    Element apply(Element e) {
        Tag tag = e.tag();
        if (tag.isPrivate() || tag.isGroupLength()) {
            return null;
        }
        String tableAction = table.action(tag);
        if (e.isSequence()) {
            switch (tag.equals(ACQUISITION_CONTEXT_SEQUENCE) ? Action.EMPTY : resolve(tableAction, true)) {
                case REMOVE:
                    return null;
                case EMPTY:
                    return Element.ofSequence(tag, Sequence.EMPTY);
                default:
                    List<Attributes> items = new ArrayList<>();
                    for (Attributes item : e.sequence()) {
                        items.add(cleaned(item));
                    }
                    return Element.ofSequence(tag, Sequence.of(items));
            }
        }
        switch (resolve(tableAction, false)) {
            case REMOVE:
                return null;
            case KEEP:
                return e;
            case UID:
                return e.vr() == Vr.UI ? uids(e) : dummy(e);
            case EMPTY:
                return empty(e);
            case DUMMY:
                return dummy(e);
            default:
                throw new IllegalStateException("no element action for " + tag);
        }
    }

    private Attributes cleaned(Attributes item) {
        Attributes.Builder b = Attributes.builder().inheritCharacterSet(item.characterSet());
        for (Element e : item.elements()) {
            Element kept = apply(e);
            if (kept != null) {
                b.set(kept);
            }
        }
        return b.build();
    }

    private Element empty(Element e) {
        String value = text(e);
        if (value == null || value.isEmpty()) {
            return e;
        }
        if (e.tag().equals(Tags.PATIENT_NAME) || e.tag().equals(Tags.PATIENT_ID) || e.vr() == Vr.DA
                || e.vr() == Vr.DT) {
            return dummy(e);
        }
        return Element.ofBytes(e.tag(), e.vr(), new byte[0]);
    }

    private Element dummy(Element e) {
        Tag tag = e.tag();
        Vr vr = e.vr();
        if (e.isEncapsulated() || (e.isBulkData() && e.length() > MAX_DUMMY_BYTES)) {
            return Element.ofBytes(tag, vr, new byte[0]);
        }
        if (!vr.isText() && vr != Vr.UI) {
            return Element.ofBytes(tag, vr, new byte[(int) Math.max(0, e.length())]);
        }
        String value = text(e);
        if (value == null || value.isEmpty()) {
            return e;
        }
        String replaced;
        if (tag.equals(Tags.PATIENT_ID)) {
            replaced = pseudonyms.patientId(value);
        } else {
            switch (vr) {
                case PN:
                    replaced = pseudonyms.personName(value);
                    break;
                case DA:
                    replaced = shiftedDates(value);
                    break;
                case DT:
                    replaced = shiftedDateTimes(value);
                    break;
                case TM:
                    replaced = "000000.00";
                    break;
                case UI:
                    return uids(e);
                case IS:
                case DS:
                    replaced = "0";
                    break;
                case AS:
                    replaced = "000Y";
                    break;
                default:
                    replaced = pseudonyms.text(tag.toString(), value, maxLength(vr));
            }
        }
        return Element.ofBytes(tag, vr, replaced.getBytes(StandardCharsets.US_ASCII));
    }

    private static int maxLength(Vr vr) {
        switch (vr) {
            case AE:
            case CS:
            case SH:
                return 16;
            default:
                return 64;
        }
    }

    private Element uids(Element e) {
        String value = text(e);
        if (value == null || value.isEmpty()) {
            return e;
        }
        String[] uids = value.split("\\\\", -1);
        for (int i = 0; i < uids.length; i++) {
            uids[i] = pseudonyms.uid(uids[i].strip());
        }
        return Element.ofBytes(e.tag(), Vr.UI, String.join("\\", uids).getBytes(StandardCharsets.US_ASCII));
    }

    private String shiftedDates(String value) {
        String[] dates = value.split("\\\\", -1);
        for (int i = 0; i < dates.length; i++) {
            dates[i] = shift(dates[i].strip());
        }
        return String.join("\\", dates);
    }

    private String shiftedDateTimes(String value) {
        String[] values = value.split("\\\\", -1);
        for (int i = 0; i < values.length; i++) {
            String v = values[i].strip();
            values[i] = shift(v.length() >= 8 ? v.substring(0, 8) : v);
        }
        return String.join("\\", values);
    }

    private String shift(String date) {
        try {
            return LocalDate.parse(date, DA).minusDays(dateShiftDays).format(DA);
        } catch (DateTimeParseException notADate) {
            return "19000101";
        }
    }

    /** Inline text without padding; null for values that are not inline. */
    static String text(Element e) {
        if (!e.isInline()) {
            return null;
        }
        byte[] b = e.bytes();
        int end = b.length;
        while (end > 0 && (b[end - 1] == ' ' || b[end - 1] == 0)) {
            end--;
        }
        int start = 0;
        while (start < end && b[start] == ' ') {
            start++;
        }
        return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
    }
}
