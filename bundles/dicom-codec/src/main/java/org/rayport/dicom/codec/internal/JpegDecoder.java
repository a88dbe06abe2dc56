package org.rayport.dicom.codec.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.spi.ServiceRegistry;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.rayport.dicom.codec.ImagePixelDescription;
import org.rayport.dicom.codec.PixelDataException;

/**
 * JPEG baseline and extended (processes 1, 2, 4) and lossless (process 14, any predictor): TwelveMonkeys ImageIO
 * decodes lossless JPEG of 2 to 16 bits itself and hands 8-bit DCT to the JDK's reader; 12-bit DCT, which neither
 * reads, goes to {@link Jpeg12Decoder}. Lossy colour frames are converted to RGB by the reader, as DCMTK does.
 */
public final class JpegDecoder implements FrameDecoder {

    private final boolean lossy;

    public JpegDecoder(boolean lossy) {
        this.lossy = lossy;
    }

    @Override
    public ImagePixelDescription decodedDescription(ImagePixelDescription stored) {
        if (lossy && stored.samplesPerPixel() == 3) {
            return stored.withPhotometricInterpretation("RGB").withPlanarConfiguration(0);
        }
        return stored.withPlanarConfiguration(0);
    }

    @Override
    public void decode(byte[] compressed, ImagePixelDescription stored, byte[] out) throws PixelDataException {
        JpegMarkers.Frame frame = JpegMarkers.frameHeader(compressed);
        if (frame.precision() > 8 && !frame.lossless()) {
            new Jpeg12Decoder().decode(compressed, decodedDescription(stored), out);
            return;
        }
        ImageReader reader = newReader();
        List<String> warnings = new ArrayList<>();
        // The JDK's reader reports a truncated stream only as a warning, and fills the rest of the image with grey.
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        try {
            reader.setInput(new MemoryCacheImageInputStream(new ByteArrayInputStream(compressed)));
            if (lossy && stored.samplesPerPixel() == 3) {
                BufferedImage image = reader.read(0);
                Rasters.copy(image.getRaster(), decodedDescription(stored), out);
            } else {
                Rasters.copy(reader.readRaster(0, null), decodedDescription(stored), out);
            }
            if (!warnings.isEmpty()) {
                throw new PixelDataException("JPEG stream of " + compressed.length + " bytes is damaged: " + warnings);
            }
        } catch (IOException e) {
            throw new PixelDataException("JPEG stream cannot be decoded: " + e.getMessage(), e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * TwelveMonkeys' reader wraps the JDK's, which it looks up in a registry. A registry of our own holding just
     * those two avoids ImageIO's global, class-path-scanned registry, which OSGi does not populate reliably.
     */
    static ImageReader newReader() throws PixelDataException {
        ImageReaderSpi jdk = jdkProvider(ImageReaderSpi.class, "com.sun.imageio.plugins.jpeg.JPEGImageReaderSpi");
        ServiceRegistry registry = new ServiceRegistry(List.<Class<?>>of(ImageReaderSpi.class).iterator());
        registry.registerServiceProvider(jdk, ImageReaderSpi.class);
        ImageReaderSpi twelveMonkeys = new com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi();
        registry.registerServiceProvider(twelveMonkeys, ImageReaderSpi.class);
        try {
            return twelveMonkeys.createReaderInstance(null);
        } catch (IOException e) {
            throw new PixelDataException("cannot create the JPEG reader: " + e.getMessage(), e);
        }
    }

    /** One of the JDK's built-in ImageIO providers, which the JDK itself registers (no class path scanning). */
    static <T> T jdkProvider(Class<T> category, String className) throws PixelDataException {
        Iterator<T> providers = IIORegistry.getDefaultInstance().getServiceProviders(category, false);
        while (providers.hasNext()) {
            T provider = providers.next();
            if (provider.getClass().getName().equals(className)) {
                return provider;
            }
        }
        throw new PixelDataException("the JDK's ImageIO provider " + className + " is not available");
    }
}
