package org.rayport.dicom.codec.internal;

import org.rayport.dicom.codec.UnsupportedTransferSyntaxException;
import org.rayport.dicom.data.TransferSyntax;

/** Which codec handles which transfer syntax. */
public final class Codecs {

    private Codecs() {
    }

    public static FrameDecoder decoder(TransferSyntax syntax) throws UnsupportedTransferSyntaxException {
        switch (syntax.uid()) {
            case "1.2.840.10008.1.2.5":
                return new RleCodec();
            case "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51":
                return new JpegDecoder(true);
            case "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70":
                return new JpegDecoder(false);
            case "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91":
                return new Jpeg2000Decoder();
            case "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81":
                return new JpegLsDecoder();
            default:
                throw new UnsupportedTransferSyntaxException(syntax, "no decoder for this transfer syntax");
        }
    }

    public static FrameEncoder encoder(TransferSyntax syntax, float quality) throws UnsupportedTransferSyntaxException {
        switch (syntax.uid()) {
            case "1.2.840.10008.1.2.5":
                return new RleCodec();
            case "1.2.840.10008.1.2.4.70":
                return new JpegLosslessEncoder();
            case "1.2.840.10008.1.2.4.50":
                return new JpegLossyEncoder(quality, false);
            case "1.2.840.10008.1.2.4.51":
                return new JpegLossyEncoder(quality, true);
            default:
                throw new UnsupportedTransferSyntaxException(syntax, "no encoder for this transfer syntax");
        }
    }

    /** Whether encapsulated frames of this syntax start with a JPEG-family SOI marker (FFD8, also J2K's FF4F no). */
    public static boolean isJpegFamily(TransferSyntax syntax) {
        return syntax.uid().startsWith("1.2.840.10008.1.2.4.5") || syntax.uid().startsWith("1.2.840.10008.1.2.4.7")
                || syntax.uid().startsWith("1.2.840.10008.1.2.4.8");
    }
}
