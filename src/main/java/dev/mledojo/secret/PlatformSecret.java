package dev.mledojo.secret;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One encrypted secret of the platform; only {@link SecretStore} reads or writes it. */
@Entity
@Table(name = "platform_secret")
public class PlatformSecret extends PanacheEntityBase {

    @Id
    public String name;

    @Column(nullable = false)
    public byte[] ciphertext;

    @Column(nullable = false)
    public byte[] iv;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
