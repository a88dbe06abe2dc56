package org.rayport.dicom.net.dimse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;

import org.rayport.dicom.data.Attributes;
import org.rayport.dicom.data.DicomFile;
import org.rayport.dicom.data.Tags;
import org.rayport.dicom.data.TransferSyntax;
import org.rayport.dicom.data.Vr;
import org.rayport.dicom.data.io.Part10Reader;
import org.rayport.dicom.data.io.Part10Writer;
import org.rayport.dicom.net.association.Association;
import org.rayport.dicom.net.association.AssociationAcceptor;
import org.rayport.dicom.net.association.AssociationException;
import org.rayport.dicom.net.association.Message;
import org.rayport.dicom.net.pdu.PresentationContext;

/** The storage service (C-STORE, PS3.4 annex B): sending instances, and receiving them into Part 10 files. */
public final class Storage {

    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");

    private Storage() {
    }

    /**
     * Sends one Part 10 file on a context that accepted its SOP class. Uncompressed data sets are re-encoded to
     * the accepted transfer syntax on the fly; bulk data streams from the file.
     *
     * @return the status the peer answered
     */
    public static int store(Association association, Path file, int messageId) throws IOException {
        DicomFile instance = Part10Reader.read(file);
        String sopClass = instance.dataset().getString(Tags.SOP_CLASS_UID);
        String sopInstance = instance.dataset().getString(Tags.SOP_INSTANCE_UID);
        int context = acceptedContext(association, sopClass, instance.transferSyntax());
        TransferSyntax syntax = TransferSyntax.of(association.transferSyntax(context).orElseThrow());
        byte[] command = Commands.encode(Attributes.builder()
                .setString(Commands.AFFECTED_SOP_CLASS_UID, Vr.UI, sopClass)
                .setInt(Commands.COMMAND_FIELD, Vr.US, Commands.C_STORE_RQ)
                .setInt(Commands.MESSAGE_ID, Vr.US, messageId)
                .setInt(Commands.PRIORITY, Vr.US, 0)
                .setInt(Commands.COMMAND_DATA_SET_TYPE, Vr.US, Commands.DATA_SET_PRESENT)
                .setString(Commands.AFFECTED_SOP_INSTANCE_UID, Vr.UI, sopInstance)
                .build());
        try (OutputStream dataSet = association.sendStreaming(context, command)) {
            Part10Writer.of(syntax).writeDataSet(instance.dataset(), dataSet);
        }
        Message response = association.receive(Commands::announcesDataSet)
                .orElseThrow(() -> new AssociationException("The peer released instead of answering the C-STORE"));
        Attributes answer = Commands.decode(response.command());
        if (answer.getInt(Commands.COMMAND_FIELD, -1) != Commands.C_STORE_RSP
                || answer.getInt(Commands.MESSAGE_ID_BEING_RESPONDED_TO, -1) != messageId) {
            throw new AssociationException("The peer answered the C-STORE with something else");
        }
        return answer.getInt(Commands.STATUS, -1);
    }

    /** A context for the SOP class whose transfer syntax can carry the file: its own, or any uncompressed one. */
    private static int acceptedContext(Association association, String sopClass, TransferSyntax fileSyntax)
            throws AssociationException {
        return association.request().presentationContexts().stream()
                .filter(pc -> pc.abstractSyntax().equals(sopClass))
                .map(PresentationContext::id)
                .filter(id -> association.transferSyntax(id)
                        .map(TransferSyntax::of)
                        .filter(ts -> ts.uid().equals(fileSyntax.uid()) || !ts.encapsulated() && !fileSyntax.encapsulated())
                        .isPresent())
                .findFirst()
                .orElseThrow(() -> new AssociationException("No accepted presentation context can carry " + sopClass
                        + " in " + fileSyntax));
    }

    /**
     * Receives instances into {@code directory} as {@code <SOP instance UID>.dcm}: the data set is copied from the
     * network to the file as it arrives, never held whole in memory, and made durable (fsync) before success is
     * answered. A partly received file never appears under its final name.
     */
    public static AssociationAcceptor.Handler scp(Path directory) {
        return association -> {
            Optional<Message> request;
            while ((request = association.receiveCommand()).isPresent()) {
                Attributes command = Commands.decode(request.get().command());
                int field = command.getInt(Commands.COMMAND_FIELD, -1);
                if (field == Commands.C_ECHO_RQ) {
                    Verification.answer(association, request.get().presentationContextId(), command);
                    continue;
                }
                if (field != Commands.C_STORE_RQ) {
                    association.abort();
                    throw new AssociationException("Command 0x" + Integer.toHexString(field) + " is not served here");
                }
                int status = receive(association, request.get().presentationContextId(), command, directory);
                association.send(new Message(request.get().presentationContextId(), Commands.encode(Attributes.builder()
                        .setString(Commands.AFFECTED_SOP_CLASS_UID, Vr.UI,
                                command.getString(Commands.AFFECTED_SOP_CLASS_UID))
                        .setInt(Commands.COMMAND_FIELD, Vr.US, Commands.C_STORE_RSP)
                        .setInt(Commands.MESSAGE_ID_BEING_RESPONDED_TO, Vr.US, command.getInt(Commands.MESSAGE_ID, 0))
                        .setInt(Commands.COMMAND_DATA_SET_TYPE, Vr.US, Commands.NO_DATA_SET)
                        .setInt(Commands.STATUS, Vr.US, status)
                        .setString(Commands.AFFECTED_SOP_INSTANCE_UID, Vr.UI,
                                command.getString(Commands.AFFECTED_SOP_INSTANCE_UID))
                        .build()), null));
            }
        };
    }

    private static int receive(Association association, int context, Attributes command, Path directory)
            throws IOException {
        String sopClass = command.getString(Commands.AFFECTED_SOP_CLASS_UID);
        String sopInstance = command.getString(Commands.AFFECTED_SOP_INSTANCE_UID);
        String syntax = association.transferSyntax(context).orElseThrow();
        try (InputStream dataSet = association.openDataSet()) {
            if (sopClass == null || sopInstance == null || !UID.matcher(sopInstance).matches()
                    || sopInstance.length() > 64) {
                dataSet.transferTo(OutputStream.nullOutputStream());
                return Commands.CANNOT_UNDERSTAND;
            }
            Path target = directory.resolve(sopInstance + ".dcm");
            Path partial = directory.resolve(sopInstance + ".dcm.part");
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                Part10Writer.of(TransferSyntax.of(syntax)).writeHeader(sopClass, sopInstance, out);
                dataSet.transferTo(out);
                channel.force(true);
            } catch (IOException e) {
                Files.deleteIfExists(partial);
                dataSet.transferTo(OutputStream.nullOutputStream());
                return Commands.OUT_OF_RESOURCES;
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Commands.SUCCESS;
        }
    }
}
