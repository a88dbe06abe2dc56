package org.rayport.dicom.data;

/**
 * Constants for the tags Rayport's code uses most; any other standard tag is one
 * {@link Tag#named(String)} away.
 */
public final class Tags {

    private Tags() {
    }

    public static final Tag FILE_META_INFORMATION_GROUP_LENGTH = Tag.of(0x0002, 0x0000);
    public static final Tag FILE_META_INFORMATION_VERSION = Tag.of(0x0002, 0x0001);
    public static final Tag MEDIA_STORAGE_SOP_CLASS_UID = Tag.of(0x0002, 0x0002);
    public static final Tag MEDIA_STORAGE_SOP_INSTANCE_UID = Tag.of(0x0002, 0x0003);
    public static final Tag TRANSFER_SYNTAX_UID = Tag.of(0x0002, 0x0010);
    public static final Tag IMPLEMENTATION_CLASS_UID = Tag.of(0x0002, 0x0012);
    public static final Tag IMPLEMENTATION_VERSION_NAME = Tag.of(0x0002, 0x0013);
    public static final Tag SPECIFIC_CHARACTER_SET = Tag.of(0x0008, 0x0005);
    public static final Tag SOP_CLASS_UID = Tag.of(0x0008, 0x0016);
    public static final Tag SOP_INSTANCE_UID = Tag.of(0x0008, 0x0018);
    public static final Tag STUDY_DATE = Tag.of(0x0008, 0x0020);
    public static final Tag STUDY_TIME = Tag.of(0x0008, 0x0030);
    public static final Tag ACCESSION_NUMBER = Tag.of(0x0008, 0x0050);
    public static final Tag MODALITY = Tag.of(0x0008, 0x0060);
    public static final Tag REFERENCED_IMAGE_SEQUENCE = Tag.of(0x0008, 0x1140);
    public static final Tag REFERENCED_SOP_CLASS_UID = Tag.of(0x0008, 0x1150);
    public static final Tag REFERENCED_SOP_INSTANCE_UID = Tag.of(0x0008, 0x1155);
    public static final Tag PATIENT_NAME = Tag.of(0x0010, 0x0010);
    public static final Tag PATIENT_ID = Tag.of(0x0010, 0x0020);
    public static final Tag PATIENT_BIRTH_DATE = Tag.of(0x0010, 0x0030);
    public static final Tag PATIENT_SEX = Tag.of(0x0010, 0x0040);
    public static final Tag STUDY_INSTANCE_UID = Tag.of(0x0020, 0x000D);
    public static final Tag SERIES_INSTANCE_UID = Tag.of(0x0020, 0x000E);
    public static final Tag STUDY_ID = Tag.of(0x0020, 0x0010);
    public static final Tag SERIES_NUMBER = Tag.of(0x0020, 0x0011);
    public static final Tag INSTANCE_NUMBER = Tag.of(0x0020, 0x0013);
    public static final Tag SAMPLES_PER_PIXEL = Tag.of(0x0028, 0x0002);
    public static final Tag PHOTOMETRIC_INTERPRETATION = Tag.of(0x0028, 0x0004);
    public static final Tag NUMBER_OF_FRAMES = Tag.of(0x0028, 0x0008);
    public static final Tag ROWS = Tag.of(0x0028, 0x0010);
    public static final Tag COLUMNS = Tag.of(0x0028, 0x0011);
    public static final Tag BITS_ALLOCATED = Tag.of(0x0028, 0x0100);
    public static final Tag BITS_STORED = Tag.of(0x0028, 0x0101);
    public static final Tag HIGH_BIT = Tag.of(0x0028, 0x0102);
    public static final Tag PIXEL_REPRESENTATION = Tag.of(0x0028, 0x0103);
    public static final Tag PIXEL_DATA = Tag.of(0x7FE0, 0x0010);
    public static final Tag ITEM = Tag.of(0xFFFE, 0xE000);
    public static final Tag ITEM_DELIMITATION_ITEM = Tag.of(0xFFFE, 0xE00D);
    public static final Tag SEQUENCE_DELIMITATION_ITEM = Tag.of(0xFFFE, 0xE0DD);
}
