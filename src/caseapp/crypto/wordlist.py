"""256 plain Indonesian words (one per byte) for reading a key fingerprint aloud by phone; frozen forever."""

from __future__ import annotations

# Frozen: changing or reordering a word changes every office's fingerprint words. Lower-case ASCII,
# 3–9 letters, no duplicates, no religious or police terms, near-homophones removed.
_WORDS = """
    ayam bebek buaya burung cicak domba elang gajah
    harimau ikan jangkrik kambing kancil katak kelinci kerbau
    kucing kuda lebah merak monyet panda penyu rusa
    semut singa siput tikus ular udang unta zebra
    kepiting paus badak beruang kakatua camar bangau belalang
    capung cumi gurita serigala landak musang tupai kijang
    banteng jerapah apel anggur alpukat belimbing durian duku
    jambu jeruk kelapa mangga manggis melon nanas nangka
    pepaya pisang rambutan salak semangka sirsak sawo markisa
    kedondong langsat srikaya kurma tomat wortel bayam kangkung
    jagung padi kacang kentang kubis terong cabai bawang
    jahe lada kopi tebu melati mawar anggrek kamboja
    teratai bambu jati beringin cemara pinus angin awan
    bulan bintang bumi danau embun gunung hujan hutan
    kabut karang langit laut lembah matahari ombak pantai
    pasir pelangi petir pulau salju sungai tanah teluk
    batu muara tebing sawah kebun ladang padang bola
    buku cangkir cermin dayung gelas gitar jendela kapal
    kasur kereta kipas kunci lampu layang lemari meja
    mobil payung pensil perahu piring pintu radio rumah
    sendok sepatu sepeda topi tongkat bendera kursi ember
    garpu gunting jarum kain karpet kompor lilin mangkuk
    panci rantai sabun sarung selimut tali tangga telepon
    tenda terompet obor jangkar kompas peta surat koran
    kamera kalung cincin gelang mahkota kendi lonceng angklung
    seruling rebana wayang batik keris perisai merah biru
    hijau kuning ungu putih hitam coklat jingga emas
    perak bakso nasi roti sate soto tempe gula
    garam madu susu keju rendang lontong ketupat bubur
    sambal kecap pagi siang sore malam minggu tahun
    guru dokter petani nelayan pilot penari pelukis penyanyi
    candi menara jembatan pasar sekolah taman kota desa
"""

WORDS: tuple[str, ...] = tuple(_WORDS.split())
assert len(WORDS) == 256 and len(set(WORDS)) == 256


def words_for(data: bytes) -> list[str]:
    """One word per byte of ``data``."""
    return [WORDS[b] for b in data]
