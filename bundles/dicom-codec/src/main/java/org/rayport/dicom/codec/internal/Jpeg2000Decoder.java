package org.rayport.dicom.codec.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageReader;
import javax.imageio.stream.MemoryCacheImageInputStream;
import com.github.jaiimageio.jpeg2000.impl.J2KImageReader;
import com.github.jaiimageio.jpeg2000.impl.J2KImageReaderSpi;
import org.rayport.dicom.codec.ImagePixelDescription;
import org.rayport.dicom.codec.PixelDataException;

/** JPEG 2000 (lossless and lossy) with JAI ImageIO's pure Java JJ2000 reader; colour transforms are undone to RGB. */
public final class Jpeg2000Decoder implements FrameDecoder {

    @Override
    public ImagePixelDescription decodedDescription(ImagePixelDescription stored) {
        String pi = stored.photometricInterpretation();
        ImagePixelDescription d = stored.withPlanarConfiguration(0);
        return pi.equals("YBR_ICT") || pi.equals("YBR_RCT") ? d.withPhotometricInterpretation("RGB") : d;
    }

    @Override
    public void decode(byte[] compressed, ImagePixelDescription stored, byte[] out) throws PixelDataException {
        ImageReader reader = new J2KImageReader(new J2KImageReaderSpi());
        try {
            reader.setInput(new MemoryCacheImageInputStream(new ByteArrayInputStream(compressed)));
            Rasters.copy(reader.readRaster(0, null), decodedDescription(stored), out);
        } catch (IOException e) {
            throw new PixelDataException("JPEG 2000 stream cannot be decoded: " + e.getMessage(), e);
        } finally {
            reader.dispose();
        }
    }
}
