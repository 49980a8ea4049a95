from django.db import migrations, models


class Migration(migrations.Migration):
    """Tagline, address and opening hours in each language, like the name."""

    dependencies = [("base", "0001_initial")]

    operations = [
        migrations.RenameField("communesettings", "tagline", "tagline_ar"),
        migrations.RenameField("communesettings", "address", "address_ar"),
        migrations.RenameField("communesettings", "opening_hours", "opening_hours_ar"),
        migrations.AlterField("communesettings", "tagline_ar", models.CharField(blank=True, max_length=200, verbose_name="tagline in Arabic")),
        migrations.AlterField("communesettings", "address_ar", models.TextField(blank=True, verbose_name="address in Arabic")),
        migrations.AlterField("communesettings", "opening_hours_ar", models.CharField(blank=True, max_length=200, verbose_name="opening hours in Arabic")),
        migrations.AddField("communesettings", "tagline_fr", models.CharField(blank=True, max_length=200, verbose_name="tagline in French")),
        migrations.AddField("communesettings", "tagline_zgh", models.CharField(blank=True, max_length=200, verbose_name="tagline in Tamazight")),
        migrations.AddField("communesettings", "address_fr", models.TextField(blank=True, verbose_name="address in French")),
        migrations.AddField("communesettings", "opening_hours_fr", models.CharField(blank=True, max_length=200, verbose_name="opening hours in French")),
    ]
