package org.herald.domain.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.herald.testsupport.MunichTrace;
import org.junit.jupiter.api.Test;

/** The loader reads the real files as SOURCE.md describes them. */
class MunichTraceTest {
    @Test
    void fullTraceHasTheDocumentedShape() {
        List<MunichTrace.Sample> s = MunichTrace.samples();
        assertThat(s).hasSize(1194);
        assertThat(s.get(0).lat()).isEqualTo(48.16350662940509);
        assertThat(s.get(0).lon()).isEqualTo(11.564388282625075);
        assertThat(s.get(0).time()).isEqualTo(Instant.parse("2014-09-10T04:54:07Z"));
        assertThat(s.get(s.size() - 1).time()).isEqualTo(Instant.parse("2014-09-10T05:14:02Z"));
        double step = Geodesy.meters(s.get(618).lat(), s.get(618).lon(), s.get(619).lat(), s.get(619).lon());
        assertThat(step).isBetween(400.0, 550.0);
    }

    @Test
    void positionsCarryKeySeqAndDerivedMotion() {
        List<Position> p = MunichTrace.positions("car");
        assertThat(p).hasSize(1194);
        assertThat(p.get(0).seq()).isEqualTo(1);
        assertThat(p.get(1193).seq()).isEqualTo(1194);
        assertThat(p.get(5).key()).isEqualTo("car");
        assertThat(p.get(5).received()).isEqualTo(p.get(5).fixTime());
        assertThat(p.get(5).fix().speed()).isNotNull().isBetween(0.0, 60.0);
        assertThat(MunichTrace.positions(MunichTrace.DOWNSAMPLED, "car")).hasSize(80);
    }
}
