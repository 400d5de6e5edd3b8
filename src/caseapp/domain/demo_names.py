"""Word lists for invented demo cases: common given and family names, never real people, and text templates."""

from __future__ import annotations

# Common given names heard in Sulawesi Tenggara (Bugis, Tolaki, Muna/Buton, Javanese settlers); combined at random.
FEMALE_GIVEN = (
    "Siti", "Sitti", "Nur", "Sri", "Hasnah", "Hasriani", "Rosmiati", "Nurhayati", "Fitriani", "Rahmawati",
    "Sumarni", "Murniati", "Yuliana", "Dewi", "Ratna", "Wulan", "Sulastri", "Suryani", "Kartini", "Marlina",
    "Nurlela", "Asmawati", "Halimah", "Jumriah", "Rosdiana", "Masita", "Salmawati", "Irmawati", "Harnita",
    "Musdalifah", "Sukmawati", "Wahyuni", "Indah", "Ayu", "Putri", "Anisa", "Nabila", "Aulia", "Zahra",
    "Aisyah", "Syahrani", "Ningsih", "Endang", "Lestari", "Darmawati", "Hasmira", "Anggraini", "Rukmini",
    "Sartika", "Rismawati", "Nirwana", "Hikmawati", "Fatmawati", "Jusniati", "Erna", "Megawati", "Rosnani",
    "Asriani", "Wiwin", "Nurjannah", "Sumiati", "Suharti", "Tutik", "Yusnidar", "Mardiana", "Nasra",
    "Ratnasari", "Hamsinah", "Kasmawati", "Sahriani", "Nining", "Murni", "Yanti", "Rini", "Elvira", "Nadia",
    "Khairunnisa", "Azizah", "Sabrina", "Alya", "Keisha", "Naura", "Salsabila", "Dinda", "Citra",
)
MALE_GIVEN = (
    "Muhammad", "Ahmad", "Abdul", "Agus", "Budi", "Hasan", "Rahman", "Syamsuddin", "Sudirman", "Jamaluddin",
    "Baharuddin", "Amiruddin", "Nasrun", "Rusli", "Arman", "Irwan", "Hendra", "Firman", "Rahmat", "Sukardi",
    "Slamet", "Joko", "Bambang", "Wahyu", "Eko", "Darwis", "Haeruddin", "Asrul", "Syahrir", "Marsuki",
    "Herman", "Tamrin", "Kamaruddin", "Risal", "Aswan", "Jumadil", "Sahrul", "Akbar", "Fadli", "Ilham",
    "Rizky", "Reza", "Dimas", "Fajar", "Arif", "Yusran", "Hasrul", "Muliadi", "Nurdin", "Saharuddin",
    "Sunardi", "Suparman", "Tasman", "Usman", "Zulkifli", "Ardi", "Basri", "Erwin", "Gunawan", "Hamka",
    "Iksan", "Kadir", "Lukman", "Mansur", "Nasir", "Rudi", "Samsul", "Taufik", "Wawan", "Yudi", "Alif",
    "Raffi", "Dafa", "Rangga", "Bayu", "Ikhsan", "Fikri", "Aldi",
)
# Muna/Buton (La, Wa, La Ode, Wa Ode) and Bugis (Andi) name openings, used in front of a given name.
MALE_PREFIXES = ("La", "La Ode", "Andi")
FEMALE_PREFIXES = ("Wa", "Wa Ode", "Andi")
FAMILY_NAMES = (
    "Hamzah", "Saputra", "Rahman", "Mustari", "Pratama", "Lamba", "Bakri", "Samad", "Tahir", "Latif", "Arsyad",
    "Rasyid", "Hafid", "Amin", "Basri", "Hamid", "Lahadi", "Madjid", "Rauf", "Saleh", "Sanusi", "Syarif",
    "Usman", "Wahid", "Yusuf", "Zainuddin", "Sarimin", "Suparno", "Wibowo", "Santoso", "Susanto", "Setiawan",
    "Hidayat", "Kurniawan", "Lapatu", "Lamanda", "Wawo", "Tosepu", "Lakoro", "Mokodompi", "Pasolle", "Tarigo",
    "Mattalitti", "Paewai", "Tolla", "Masse", "Baso", "Tompo", "Lasiki", "Lambe", "Ompo", "Mbuinga", "Anoa",
    "Sikumbang", "Wijaya", "Nugroho", "Purnomo", "Sutrisno", "Handoko", "Harjono", "Ismail", "Jafar",
    "Kasim", "Mahmud", "Nurung", "Pattola", "Ramli", "Sampara", "Tamalaki", "Umar", "Wulele", "Yamin",
)

GUARDIAN_RELATIONS_FEMALE = ("ibu kandung", "nenek", "tante", "kakak kandung", "ibu angkat")
GUARDIAN_RELATIONS_MALE = ("ayah kandung", "kakek", "paman", "kakak kandung")

STREETS = ("Jl. Poros Kasipute", "Jl. Pendidikan", "Jl. Lingkar", "Jl. Pelabuhan", "Jl. Trans Sulawesi",
           "Jl. Masjid Raya", "Jl. Pasar Lama", "Jl. Kebun Jati", "Lorong Mawar", "Dusun I", "Dusun II", "Dusun III")

TIMES_OF_DAY = ("pagi hari", "siang hari", "sore hari", "malam hari", "dini hari")
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

# Chronology sentences by violence type; {desa} is the village, {waktu} the time of day, {hari} the weekday.
CHRONOLOGY = {
    "fisik": (
        "Pada hari {hari} {waktu} korban dipukul oleh pelaku di rumah mereka di Desa {desa} setelah terjadi pertengkaran soal uang belanja.",
        "Korban mengalami memar di lengan dan wajah setelah ditampar dan didorong oleh pelaku pada {waktu} di Desa {desa}.",
        "Menurut keterangan pelapor, korban sering dipukul dengan tangan kosong dan kayu sejak beberapa bulan terakhir di Desa {desa}.",
        "Korban dianiaya oleh pelaku di kebun di Desa {desa} pada hari {hari} {waktu} hingga luka di kepala dan dibawa ke puskesmas.",
    ),
    "psikis": (
        "Korban mengaku sering dibentak, dihina dan diancam akan diusir dari rumah oleh pelaku di Desa {desa}.",
        "Sejak beberapa bulan korban dilarang bertemu keluarga dan diancam melalui pesan WhatsApp pada {waktu}.",
        "Korban tampak murung, sulit tidur dan takut pulang ke rumah setelah berulang kali diancam oleh pelaku.",
    ),
    "seksual": (
        "Pada hari {hari} {waktu} korban dibujuk oleh pelaku ke rumah kosong di Desa {desa} lalu dicabuli.",
        "Korban menceritakan kepada gurunya bahwa ia mengalami pelecehan seksual berulang kali oleh pelaku di Desa {desa}.",
        "Orang tua korban curiga karena korban menangis dan tidak mau sekolah; korban kemudian mengaku diperkosa oleh pelaku pada {waktu}.",
        "Korban diajak jalan oleh pelaku yang dikenalnya melalui media sosial, lalu dibawa ke pondok di kebun di Desa {desa} dan disetubuhi.",
    ),
    "penelantaran": (
        "Korban ditinggalkan oleh orang tuanya yang merantau dan tidak dinafkahi sejak lebih dari enam bulan di Desa {desa}.",
        "Korban tidak disekolahkan dan sering dibiarkan tanpa makan oleh pelaku; tetangga di Desa {desa} melapor ke kepala desa.",
        "Suami korban pergi meninggalkan rumah dan tidak memberi nafkah untuk korban dan anak-anaknya.",
    ),
    "eksploitasi": (
        "Korban dipekerjakan sebagai buruh di tambak di Desa {desa} tanpa upah dan tidak diizinkan bersekolah.",
        "Korban disuruh mengemis di pasar setiap {waktu} oleh pelaku dan uangnya diambil.",
    ),
    "trafikking": (
        "Korban dijanjikan pekerjaan sebagai pelayan rumah makan di Kendari, namun setibanya di sana identitasnya ditahan dan ia dipaksa bekerja tanpa upah.",
        "Korban direkrut dengan janji kerja di luar pulau dan dipulangkan oleh petugas pelabuhan setelah dilaporkan keluarga dari Desa {desa}.",
    ),
    "lainnya": (
        "Korban mengalami perundungan berulang di lingkungan sekolahnya di Desa {desa}.",
        "Korban dinikahkan secara siri pada usia anak oleh keluarganya di Desa {desa}.",
    ),
}
CHRONOLOGY_TAIL = (
    " Korban datang bersama ibunya untuk meminta pendampingan.",
    " Kasus dilaporkan oleh kepala desa setempat.",
    " Korban dirujuk oleh puskesmas setelah pemeriksaan.",
    " Korban menyatakan ingin kasusnya diproses secara hukum.",
    " Keluarga korban meminta agar kasus diselesaikan dengan pendampingan.",
    "",
)

NOTE_TEXTS = (
    "Korban dihubungi melalui telepon; kondisi korban stabil.",
    "Koordinasi dengan Unit PPA Polres Bombana mengenai perkembangan laporan.",
    "Pendamping mengantar korban ke RSUD untuk visum et repertum.",
    "Kunjungan rumah: keluarga mendukung proses pemulihan korban.",
    "Korban meminta jadwal konseling dipindahkan ke hari Sabtu.",
    "Surat rujukan ke psikolog telah diantar dan diterima.",
    "Koordinasi dengan sekolah agar korban dapat melanjutkan pelajaran.",
    "Pelaku telah diamankan oleh pihak kepolisian.",
    "Korban belum bersedia melapor ke polisi; akan diberikan informasi hak-haknya lagi.",
    "Pertemuan dengan aparat desa dan tokoh agama untuk pemulihan korban.",
)
ASSESSMENT_TEXT = {
    "physical": ("Luka memar sudah membaik.", "Tidak tampak luka fisik.", "Korban mengeluh sakit kepala dan nyeri.",
                 "Perlu pemeriksaan kesehatan lanjutan."),
    "psychological": ("Korban tampak cemas dan sulit tidur.", "Korban trauma dan menghindari pelaku.",
                      "Korban cukup tenang dan dapat bercerita.", "Korban menarik diri dari pergaulan."),
    "social": ("Korban tinggal bersama keluarga besar.", "Korban tidak lagi bersekolah.",
               "Lingkungan sekitar mendukung korban.", "Korban dikucilkan oleh tetangga."),
    "family": ("Ibu korban mendukung proses hukum.", "Keluarga ingin kasus diselesaikan secara adat.",
               "Ayah korban bekerja di luar daerah.", "Keluarga korban kurang mampu."),
    "needs": ("Pendampingan psikologis dan hukum.", "Pemeriksaan kesehatan dan visum.", "Tempat tinggal sementara.",
              "Bantuan agar dapat kembali bersekolah."),
}
FOLLOW_UP_METHODS = ("kunjungan rumah", "telepon", "pesan WhatsApp", "pertemuan di kantor")
FOLLOW_UP_RESULTS = ("Kondisi korban membaik.", "Korban sudah kembali bersekolah.", "Korban masih membutuhkan konseling.",
                     "Proses hukum masih berjalan di kepolisian.", "Keluarga korban kooperatif.")
PROVIDERS = {
    "kesehatan": ("RSUD Bombana", "Puskesmas Kasipute", "Puskesmas Poleang"),
    "bantuan_hukum": ("LBH Kendari", "Posbakum Pengadilan Negeri Andoolo", "UPTD PPA Kabupaten Bombana"),
    "penegakan_hukum": ("Unit PPA Polres Bombana",),
    "psikologis": ("Psikolog UPTD PPA", "Psikolog Provinsi Sulawesi Tenggara"),
    "rehabilitasi_sosial": ("Dinas Sosial Kabupaten Bombana",),
    "penampungan_sementara": ("Rumah Aman Dinas Sosial",),
    "pendampingan_tokoh_agama": ("KUA Kecamatan Rumbia",),
}
