package org.rayport.pools.internal.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.Set;

import org.apache.karaf.shell.support.CommandException;
import org.junit.Test;
import org.rayport.pools.Pool;
import org.rayport.pools.PoolOptions;
import org.rayport.pools.PoolSettings;
import org.rayport.pools.internal.rest.InvalidPoolField;
import org.rayport.pools.internal.rest.PoolDto;
import org.rayport.pools.internal.rest.PoolMapper;

/** The shell's options as the partial pool they stand for, and refusals named by the option that caused them. */
public class PoolSettingsOptionsTest {

    /** The options as Karaf leaves them: fields set for the options given, null for the others. */
    private static final class Options extends PoolSettingsOptions {
        @Override
        public Object execute() {
            return null;
        }
    }

    @Test
    public void optionsNotGivenStayUnset() throws CommandException {
        PoolDto request = new Options().request(null, null);
        assertEquals(new PoolDto(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null), request);
    }

    @Test
    public void onOffOptionsComeInPairs() throws CommandException {
        Options options = new Options();
        options.disabled = true;
        options.noJpeg = false;
        PoolDto request = options.request(null, null);
        assertEquals(Boolean.FALSE, request.enabled());
        assertEquals("--no-jpeg=false allows JPEG", Boolean.TRUE, request.allowJpeg());

        options.enabled = true;
        CommandException both = assertThrows(CommandException.class, () -> options.request(null, null));
        assertEquals("Give either --enabled or --disabled", both.getMessage());
    }

    @Test
    public void repeatedAndCommaSeparatedValuesMakeOneList() throws CommandException {
        Options options = new Options();
        options.users = List.of("alice, bob", "carol");
        options.groups = List.of("");
        options.allowedCallers = List.of("CT1@10.0.0.5");
        PoolDto request = options.request(null, null);
        assertEquals(List.of("alice", "bob", "carol"), request.users());
        assertEquals(List.of(""), request.groups());
        assertNull(request.port());

        Pool current = new Pool("ct", null, PoolOptions.DEFAULTS, new PoolSettings.NetworkNode(104, "CT", List.of()),
                Set.of("admin"), Set.of("rad"));
        Pool edited = PoolMapper.merge(current, request);
        assertEquals(Set.of("alice", "bob", "carol"), edited.users());
        assertEquals("'' empties the list", Set.of(), edited.groups());
        assertEquals(List.of("CT1@10.0.0.5"), ((PoolSettings.NetworkNode) edited.settings()).allowedCallers());
    }

    @Test
    public void aRefusedValueNamesTheOptionThatGaveIt() {
        Options options = new Options();
        options.port = 0;
        options.aeTitle = "CT";
        InvalidPoolField refused = assertThrows(InvalidPoolField.class,
                () -> PoolMapper.toNewPool(options.request("ct", "networknode")));
        assertEquals("--port: port must be 1 to 65535: 0", PoolCommandSupport.failure(refused).getMessage());

        options.port = 104;
        options.aeTitle = null;
        options.retentionDays = -2.0;
        refused = assertThrows(InvalidPoolField.class,
                () -> PoolMapper.toNewPool(options.request("ct", "networknode")));
        assertEquals("--retention-days", PoolCommandSupport.optionOf(refused.field()));
        assertEquals("type and id are arguments, not options", "type",
                PoolCommandSupport.optionOf(assertThrows(InvalidPoolField.class,
                        () -> PoolMapper.toNewPool(options.request("ct", "tape"))).field()));
    }
}
