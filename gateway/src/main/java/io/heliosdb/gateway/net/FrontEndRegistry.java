package io.heliosdb.gateway.net;

import io.heliosdb.wire.core.FrontEnd;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The front ends this process knows, in a fixed order (sniffing asks them in this order). */
public record FrontEndRegistry(List<FrontEnd> frontEnds) {

  public FrontEndRegistry {
    frontEnds = List.copyOf(frontEnds);
  }

  /** Every front end on the class path, registered through META-INF/services. */
  public static FrontEndRegistry loadFromClassPath() {
    List<FrontEnd> found = ServiceLoader.load(FrontEnd.class).stream().map(ServiceLoader.Provider::get).toList();
    return new FrontEndRegistry(found);
  }

  public Optional<FrontEnd> byName(String name) {
    return frontEnds.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /** The protocol chosen for a client that stays silent (the first whose server speaks first). */
  public Optional<FrontEnd> serverSpeaksFirst() {
    return frontEnds.stream().filter(FrontEnd::serverSpeaksFirst).findFirst();
  }
}
