package org.rayport.dicomweb.internal;

import java.util.ArrayList;
import java.util.List;

import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.DicomFile;
import org.rayport.dicom.data.Element;
import org.rayport.dicom.data.Tags;

/**
 * Where the frames of uncompressed (native) pixel data lie: frame n (from 1) is {@code frameLength} bytes at
 * {@code (n - 1) * frameLength}. Frames that are not whole bytes (BitsAllocated 1) are answered 406. Compressed pixel
 * data has no such layout: {@link DicomWebResource} decodes its frames instead.
 */
record FrameLayout(long frameLength, int frames) {

    static final int MAX_FRAMES_PER_REQUEST = 10_000;

    /** Parses a WADO-RS frame list such as {@code 1} or {@code 1,3,5}: numbers from 1. */
    static List<Integer> parseFrameList(String list) {
        String[] items = list.split(",");
        if (items.length > MAX_FRAMES_PER_REQUEST) {
            throw DicomWebException.badRequest("frames", "at most " + MAX_FRAMES_PER_REQUEST + " frames per request");
        }
        List<Integer> frames = new ArrayList<>();
        for (String item : items) {
            try {
                int frame = Integer.parseInt(item.strip());
                if (frame >= 1) {
                    frames.add(frame);
                    continue;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw DicomWebException.badRequest("frames", "frame list '" + list + "': '" + item
                    + "' is not a frame number (1, 2, ...)");
        }
        return frames;
    }

    /** The layout of the file's pixel data, checked against the frames asked for. */
    static FrameLayout of(DicomFile file, List<Integer> wanted) {
        Attributes ds = file.dataset();
        Element pixels = ds.element(Tags.PIXEL_DATA)
                .orElseThrow(() -> DicomWebException.notFound("The instance has no pixel data"));
        if (pixels.isEncapsulated()) {
            throw DicomWebException.notAcceptable("The pixel data is stored compressed (" + file.transferSyntax()
                    + "); Rayport serves frames uncompressed only and does not decompress them here");
        }
        int rows = ds.getInt(Tags.ROWS, 0);
        int columns = ds.getInt(Tags.COLUMNS, 0);
        int samples = ds.getInt(Tags.SAMPLES_PER_PIXEL, 1);
        int bitsAllocated = ds.getInt(Tags.BITS_ALLOCATED, 0);
        if (rows <= 0 || columns <= 0 || samples <= 0 || bitsAllocated <= 0) {
            throw DicomWebException.notFound("The instance lacks Rows, Columns, SamplesPerPixel or BitsAllocated");
        }
        if (bitsAllocated % 8 != 0) {
            throw DicomWebException.notAcceptable("Frames of " + bitsAllocated + "-bit pixel data are not whole"
                    + " bytes; Rayport serves them only as the whole instance");
        }
        String framesText = ds.getString(Tags.NUMBER_OF_FRAMES);
        int frames;
        try {
            frames = framesText == null || framesText.isBlank() ? 1 : Integer.parseInt(framesText.strip());
        } catch (NumberFormatException e) {
            throw DicomWebException.notFound("The instance's NumberOfFrames '" + framesText + "' is no number");
        }
        long frameLength = (long) rows * columns * samples * (bitsAllocated / 8);
        if (pixels.length() < frameLength * frames) {
            throw DicomWebException.notFound("The pixel data holds " + pixels.length() + " bytes, fewer than "
                    + frames + " frames of " + frameLength);
        }
        for (int frame : wanted) {
            if (frame > frames) {
                throw DicomWebException.notFound("Frame " + frame + " does not exist: the instance has " + frames);
            }
        }
        return new FrameLayout(frameLength, frames);
    }

    long offsetOf(int frame) {
        return (frame - 1) * frameLength;
    }
}
