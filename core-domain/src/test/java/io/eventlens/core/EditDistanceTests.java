package io.eventlens.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EditDistanceTests {

    @Test
    void countsInsertionsDeletionsSubstitutionsAndSwapsAsOneEditEach() {
        assertThat(EditDistance.between("type", "type")).isZero();
        assertThat(EditDistance.between("", "abc")).isEqualTo(3);
        assertThat(EditDistance.between("typ", "type")).isEqualTo(1);
        assertThat(EditDistance.between("tyype", "type")).isEqualTo(1);
        assertThat(EditDistance.between("tipe", "type")).isEqualTo(1);
        assertThat(EditDistance.between("tpye", "type")).as("a swap").isEqualTo(1);
        assertThat(EditDistance.between("kitten", "sitting")).isEqualTo(3);
    }
}
