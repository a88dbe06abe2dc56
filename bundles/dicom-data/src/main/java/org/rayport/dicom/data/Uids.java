package org.rayport.dicom.data;

/**
 * Well-known UIDs: the common storage SOP classes of PS3.6 table A-1 (hand-written,
 * since no DICOM package we can depend on ships the list in machine-readable form),
 * and Rayport's own implementation identity. Transfer syntaxes are in {@link TransferSyntax}.
 */
public final class Uids {

    private Uids() {
    }

    /**
     * Rayport's Implementation Class UID, written into every file's meta information.
     * A placeholder until Rayport registers a root: it lives under 2.25 (PS3.5 B.2, a
     * UUID read as a decimal integer), which is legal without registration. The UUID is
     * fixed (a8f1c0de-4b7e-4a53-9d21-5e0c7a3b9f10) so the value never changes by accident.
     */
    public static final String RAYPORT_IMPLEMENTATION_CLASS_UID = "2.25.224565558669432790781114027629323460368";
    /** Sent along with the class UID; at most 16 characters (SH). */
    public static final String RAYPORT_IMPLEMENTATION_VERSION_NAME = "RAYPORT_010";

    public static final String VERIFICATION = "1.2.840.10008.1.1";

    // Query/Retrieve (PS3.4 annex C) and Modality Worklist (annex K) information models.
    public static final String PATIENT_ROOT_QR_FIND = "1.2.840.10008.5.1.4.1.2.1.1";
    public static final String PATIENT_ROOT_QR_MOVE = "1.2.840.10008.5.1.4.1.2.1.2";
    public static final String PATIENT_ROOT_QR_GET = "1.2.840.10008.5.1.4.1.2.1.3";
    public static final String STUDY_ROOT_QR_FIND = "1.2.840.10008.5.1.4.1.2.2.1";
    public static final String STUDY_ROOT_QR_MOVE = "1.2.840.10008.5.1.4.1.2.2.2";
    public static final String STUDY_ROOT_QR_GET = "1.2.840.10008.5.1.4.1.2.2.3";
    public static final String MODALITY_WORKLIST_FIND = "1.2.840.10008.5.1.4.31";

    public static final String COMPUTED_RADIOGRAPHY_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.1";
    public static final String DIGITAL_X_RAY_IMAGE_STORAGE_FOR_PRESENTATION = "1.2.840.10008.5.1.4.1.1.1.1";
    public static final String DIGITAL_X_RAY_IMAGE_STORAGE_FOR_PROCESSING = "1.2.840.10008.5.1.4.1.1.1.1.1";
    public static final String DIGITAL_MAMMOGRAPHY_X_RAY_IMAGE_STORAGE_FOR_PRESENTATION = "1.2.840.10008.5.1.4.1.1.1.2";
    public static final String DIGITAL_MAMMOGRAPHY_X_RAY_IMAGE_STORAGE_FOR_PROCESSING = "1.2.840.10008.5.1.4.1.1.1.2.1";
    public static final String DIGITAL_INTRA_ORAL_X_RAY_IMAGE_STORAGE_FOR_PRESENTATION = "1.2.840.10008.5.1.4.1.1.1.3";
    public static final String DIGITAL_INTRA_ORAL_X_RAY_IMAGE_STORAGE_FOR_PROCESSING = "1.2.840.10008.5.1.4.1.1.1.3.1";
    public static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    public static final String ENHANCED_CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2.1";
    public static final String LEGACY_CONVERTED_ENHANCED_CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2.2";
    public static final String ULTRASOUND_MULTI_FRAME_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.3.1";
    public static final String MR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.4";
    public static final String ENHANCED_MR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.4.1";
    public static final String MR_SPECTROSCOPY_STORAGE = "1.2.840.10008.5.1.4.1.1.4.2";
    public static final String ENHANCED_MR_COLOR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.4.3";
    public static final String LEGACY_CONVERTED_ENHANCED_MR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.4.4";
    public static final String ULTRASOUND_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.6.1";
    public static final String ENHANCED_US_VOLUME_STORAGE = "1.2.840.10008.5.1.4.1.1.6.2";
    public static final String SECONDARY_CAPTURE_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.7";
    public static final String MULTI_FRAME_SINGLE_BIT_SECONDARY_CAPTURE_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.7.1";
    public static final String MULTI_FRAME_GRAYSCALE_BYTE_SECONDARY_CAPTURE_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.7.2";
    public static final String MULTI_FRAME_GRAYSCALE_WORD_SECONDARY_CAPTURE_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.7.3";
    public static final String MULTI_FRAME_TRUE_COLOR_SECONDARY_CAPTURE_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.7.4";
    public static final String TWELVE_LEAD_ECG_WAVEFORM_STORAGE = "1.2.840.10008.5.1.4.1.1.9.1.1";
    public static final String GENERAL_ECG_WAVEFORM_STORAGE = "1.2.840.10008.5.1.4.1.1.9.1.2";
    public static final String AMBULATORY_ECG_WAVEFORM_STORAGE = "1.2.840.10008.5.1.4.1.1.9.1.3";
    public static final String HEMODYNAMIC_WAVEFORM_STORAGE = "1.2.840.10008.5.1.4.1.1.9.2.1";
    public static final String BASIC_VOICE_AUDIO_WAVEFORM_STORAGE = "1.2.840.10008.5.1.4.1.1.9.4.1";
    public static final String GRAYSCALE_SOFTCOPY_PRESENTATION_STATE_STORAGE = "1.2.840.10008.5.1.4.1.1.11.1";
    public static final String COLOR_SOFTCOPY_PRESENTATION_STATE_STORAGE = "1.2.840.10008.5.1.4.1.1.11.2";
    public static final String X_RAY_ANGIOGRAPHIC_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.12.1";
    public static final String ENHANCED_XA_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.12.1.1";
    public static final String X_RAY_RADIOFLUOROSCOPIC_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.12.2";
    public static final String ENHANCED_XRF_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.12.2.1";
    public static final String X_RAY_3D_ANGIOGRAPHIC_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.13.1.1";
    public static final String X_RAY_3D_CRANIOFACIAL_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.13.1.2";
    public static final String BREAST_TOMOSYNTHESIS_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.13.1.3";
    public static final String NUCLEAR_MEDICINE_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.20";
    public static final String RAW_DATA_STORAGE = "1.2.840.10008.5.1.4.1.1.66";
    public static final String SPATIAL_REGISTRATION_STORAGE = "1.2.840.10008.5.1.4.1.1.66.1";
    public static final String SPATIAL_FIDUCIALS_STORAGE = "1.2.840.10008.5.1.4.1.1.66.2";
    public static final String DEFORMABLE_SPATIAL_REGISTRATION_STORAGE = "1.2.840.10008.5.1.4.1.1.66.3";
    public static final String SEGMENTATION_STORAGE = "1.2.840.10008.5.1.4.1.1.66.4";
    public static final String SURFACE_SEGMENTATION_STORAGE = "1.2.840.10008.5.1.4.1.1.66.5";
    public static final String REAL_WORLD_VALUE_MAPPING_STORAGE = "1.2.840.10008.5.1.4.1.1.67";
    public static final String VL_ENDOSCOPIC_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.77.1.1";
    public static final String VL_MICROSCOPIC_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.77.1.2";
    public static final String VL_PHOTOGRAPHIC_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.77.1.4";
    public static final String VIDEO_PHOTOGRAPHIC_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.77.1.4.1";
    public static final String OPHTHALMIC_PHOTOGRAPHY_8_BIT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.77.1.5.1";
    public static final String OPHTHALMIC_TOMOGRAPHY_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.77.1.5.4";
    public static final String VL_WHOLE_SLIDE_MICROSCOPY_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.77.1.6";
    public static final String BASIC_TEXT_SR_STORAGE = "1.2.840.10008.5.1.4.1.1.88.11";
    public static final String ENHANCED_SR_STORAGE = "1.2.840.10008.5.1.4.1.1.88.22";
    public static final String COMPREHENSIVE_SR_STORAGE = "1.2.840.10008.5.1.4.1.1.88.33";
    public static final String COMPREHENSIVE_3D_SR_STORAGE = "1.2.840.10008.5.1.4.1.1.88.34";
    public static final String KEY_OBJECT_SELECTION_DOCUMENT_STORAGE = "1.2.840.10008.5.1.4.1.1.88.59";
    public static final String MAMMOGRAPHY_CAD_SR_STORAGE = "1.2.840.10008.5.1.4.1.1.88.50";
    public static final String X_RAY_RADIATION_DOSE_SR_STORAGE = "1.2.840.10008.5.1.4.1.1.88.67";
    public static final String ENHANCED_X_RAY_RADIATION_DOSE_SR_STORAGE = "1.2.840.10008.5.1.4.1.1.88.76";
    public static final String ENCAPSULATED_PDF_STORAGE = "1.2.840.10008.5.1.4.1.1.104.1";
    public static final String ENCAPSULATED_CDA_STORAGE = "1.2.840.10008.5.1.4.1.1.104.2";
    public static final String ENCAPSULATED_STL_STORAGE = "1.2.840.10008.5.1.4.1.1.104.3";
    public static final String POSITRON_EMISSION_TOMOGRAPHY_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.128";
    public static final String ENHANCED_PET_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.130";
    public static final String LEGACY_CONVERTED_ENHANCED_PET_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.128.1";
    public static final String RT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.481.1";
    public static final String RT_DOSE_STORAGE = "1.2.840.10008.5.1.4.1.1.481.2";
    public static final String RT_STRUCTURE_SET_STORAGE = "1.2.840.10008.5.1.4.1.1.481.3";
    public static final String RT_BEAMS_TREATMENT_RECORD_STORAGE = "1.2.840.10008.5.1.4.1.1.481.4";
    public static final String RT_PLAN_STORAGE = "1.2.840.10008.5.1.4.1.1.481.5";
    public static final String RT_ION_PLAN_STORAGE = "1.2.840.10008.5.1.4.1.1.481.8";
}
