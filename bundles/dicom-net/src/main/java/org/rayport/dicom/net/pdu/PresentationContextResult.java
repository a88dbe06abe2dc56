package org.rayport.dicom.net.pdu;

/**
 * The acceptor's answer to one proposed presentation context.
 *
 * @param transferSyntax the chosen transfer syntax; meaningful only when accepted
 */
public record PresentationContextResult(int id, Result result, String transferSyntax) {

    /** PS3.8 table 9-18. */
    public enum Result {
        ACCEPTANCE(0), USER_REJECTION(1), NO_REASON(2), ABSTRACT_SYNTAX_NOT_SUPPORTED(3),
        TRANSFER_SYNTAXES_NOT_SUPPORTED(4);

        final int code;

        Result(int code) {
            this.code = code;
        }

        static Result of(int code) {
            for (Result result : values()) {
                if (result.code == code) {
                    return result;
                }
            }
            throw new IllegalArgumentException("Unknown presentation context result " + code);
        }
    }

    public boolean accepted() {
        return result == Result.ACCEPTANCE;
    }
}
