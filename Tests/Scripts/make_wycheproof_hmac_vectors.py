#!/usr/bin/env python3
"""Wycheproof HMAC test vectors (github.com/C2SP/wycheproof, testvectors_v1/hmac_sha1_test.json,
Apache-2.0) as Tests/Vectors/hmac/wycheproof.json, for HMACTests.

    python3 Tests/Scripts/make_wycheproof_hmac_vectors.py > Tests/Vectors/hmac/wycheproof.json

Copied by hand from the stored public file (tcId, key, msg, tag, result), every "ModifiedTag"
case and the valid cases with messages up to 32 bytes (the seven long-message cases of each
tag size are left out). Each case is checked here against Python's hmac module before it is
written: valid tags must match (truncated to the tag size), modified ones must not."""
import hashlib
import hmac
import json
import sys

K = "000102030405060708090a0b0c0d0e0f10111213"  # the key of every ModifiedTag case
M = "000102030405060708090a0b0c0d0e0f"          # their second message; the first is empty

SHA1 = [
    # tagSize 160, valid (Pseudorandom)
    (1, "06c0dcdc16ff81dce92807fa2c82b44d28ac178a", "", "7d91d1b4748077b28911b4509762b6df24365810"),
    (2, "4cd64efdb76df5a85dce3d347012cad06b0c3db4", "6c", "6d3d37af55c75d872d2da07b9b907ba22ad487d4"),
    (3, "52e1995025297fe7b793dc8e1e4f7d312fee2700", "29df", "82cb24bfa38fbdc91d1eea2d2dc1ce6e60ff881e"),
    (4, "f3edfa003d89c4e2a6422e77a01b8adbd7ac26e4", "b015b7", "cb244ca6ad233947378436076fbfd20c9c8b842b"),
    (5, "4b07ed4e0c8ddaa1f76cf0010728679c8857e18b", "3b2c1afe", "924125532e6b625e7c5a8dcd1614e04334c067cd"),
    (6, "7f532c8ec83cb21dc98af7734c64f5fd9167ec30", "a33c6f9826", "0d25bc40f60fbed36d8d7a1045ffa60d88484d56"),
    (7, "99e60c1fc0cb3e6ed836619775e37bf15b2cb93f", "b129bb88ceaa", "6924d833a3e74b48f991e6c44173565fdf8c7470"),
    (8, "53845f10344b7f39eddbd3e44231fa802d7e1aca", "c6f5b1cee31033", "fd4b28273d3ee8cc24de2d8dad23ad4f355240c7"),
    (9, "e3220700ce24a010cf623f60891e4f298ff26b11", "c97afb5063a9dd0d", "383b103ce9054cb74a0431d16da99d8233e94fc2"),
    (10, "466c061ddcf3d9b285a2900f8725971b733f850f", "89024ceda7de3c114e", "1b81f1127635233383b6ea5ba8fd68eb5112ef0a"),
    (11, "a81f9f51b041ff29b8d705bb408f854ccbd7e5ab", "032d866a270762cbae24", "b72ba0c89d010215a8f280616acbd8640fe86cec"),
    (12, "e60d0b14886fe6fa2c839329204d84d81026b7ab", "fda7f48c11101255e02c8d", "2be7bb541cede978f541e2cac0ab6451060e3e83"),
    (13, "c090ef122a29348740ccd571d98407764b2adaac", "d1fe3dfa80ade7087efabb52", "e6c1e0c3ebb7750d66a50b6abccfdef9c2599008"),
    (14, "564a56290e1aea0522f19088a88ab4dce4c7cdf2", "4213bd3cdaebbb1ec1cc81866a", "6d1d5808c085ad512487debb57fb93514b205075"),
    (15, "f898459d272fd5e43b062156f44958d85d97ea3f", "5e86b05522eb65a4fb7b932cecd5", "b778f421c2d1e2701e75da6bd1bc65379b80e879"),
    (16, "7d5cc53f464e759438ee90b47f2fe67aa83d6b52", "9f38ea80122b40f742a00c2e83e085", "c80ce6d33fe868432c262766fd23bf431e313882"),
    (17, "33e9140175519b2f1619b44848331763c756fad4", "7de0fccc83b51c29e5eb1b658c102438", "34de6b8f479523870b8f905684672617669b0607"),
    (18, "0ef29e7c961da37afaea8182f28738d22c340232", "165bb8e5c6f0a3ae40946dc807aee84645", "78e6fa53ec213e9019d47ee7529d963a8a252942"),
    (19, "203cfad921e605c80d7aa8b64d3bf18328b7a7a0", "d289c7cd10d996d5daca1410c37815b237f74929588c5ae4", "27d96da41895bf53d150ac15e7c31853f56ae363"),
    (20, "8eb7416efd0c73c86b91df0d58891fdb738f40df", "b415cb7cd384a1035d2bac1f7b96ae858dfd44c467030f304e817d11b9f9c606", "24cb16323b7ec47e3add8f55cb9920aa7c1655de"),
    # tagSize 160, ModifiedTag
    (28, K, "", "07e8ad50fc1035823661d979e2968968cecd03d9"), (29, K, M, "e5641600cedd7e12063deaea0788785f56113520"),
    (30, K, "", "04e8ad50fc1035823661d979e2968968cecd03d9"), (31, K, M, "e6641600cedd7e12063deaea0788785f56113520"),
    (32, K, "", "86e8ad50fc1035823661d979e2968968cecd03d9"), (33, K, M, "64641600cedd7e12063deaea0788785f56113520"),
    (34, K, "", "06e9ad50fc1035823661d979e2968968cecd03d9"), (35, K, M, "e4651600cedd7e12063deaea0788785f56113520"),
    (36, K, "", "06e8add0fc1035823661d979e2968968cecd03d9"), (37, K, M, "e4641680cedd7e12063deaea0788785f56113520"),
    (38, K, "", "06e8ad50fd1035823661d979e2968968cecd03d9"), (39, K, M, "e4641600cfdd7e12063deaea0788785f56113520"),
    (40, K, "", "06e8ad50fe1035823661d979e2968968cecd03d9"), (41, K, M, "e4641600ccdd7e12063deaea0788785f56113520"),
    (42, K, "", "06e8ad50fc1035023661d979e2968968cecd03d9"), (43, K, M, "e4641600cedd7e92063deaea0788785f56113520"),
    (44, K, "", "06e8ad50fc1035823761d979e2968968cecd03d9"), (45, K, M, "e4641600cedd7e12073deaea0788785f56113520"),
    (46, K, "", "06e8ad50fc103582b661d979e2968968cecd03d9"), (47, K, M, "e4641600cedd7e12863deaea0788785f56113520"),
    (48, K, "", "06e8ad50fc1035823641d979e2968968cecd03d9"), (49, K, M, "e4641600cedd7e12061deaea0788785f56113520"),
    (50, K, "", "06e8ad50fc1035823661d879e2968968cecd03d9"), (51, K, M, "e4641600cedd7e12063debea0788785f56113520"),
    (52, K, "", "06e8ad50fc1035823661d979e3968968cecd03d9"), (53, K, M, "e4641600cedd7e12063deaea0688785f56113520"),
    (54, K, "", "06e8ad50fc1035823661d979e0968968cecd03d9"), (55, K, M, "e4641600cedd7e12063deaea0588785f56113520"),
    (56, K, "", "06e8ad50fc1035823661d97962968968cecd03d9"), (57, K, M, "e4641600cedd7e12063deaea8788785f56113520"),
    (58, K, "", "06e8ad50fc1035823661d979e2968968cecd03d8"), (59, K, M, "e4641600cedd7e12063deaea0788785f56113521"),
    (60, K, "", "06e8ad50fc1035823661d979e2968968cecd03db"), (61, K, M, "e4641600cedd7e12063deaea0788785f56113522"),
    (62, K, "", "06e8ad50fc1035823661d979e2968968cecd0399"), (63, K, M, "e4641600cedd7e12063deaea0788785f56113560"),
    (64, K, "", "06e8ad50fc1035823661d979e2968968cecd0359"), (65, K, M, "e4641600cedd7e12063deaea0788785f561135a0"),
    (66, K, "", "07e8ad50fc1035823761d979e2968968cecd03d9"), (67, K, M, "e5641600cedd7e12073deaea0788785f56113520"),
    (68, K, "", "06e8add0fc1035023661d979e2968968cecd03d9"), (69, K, M, "e4641680cedd7e92063deaea0788785f56113520"),
    (70, K, "", "06e8ad50fc1035023661d979e29689e8cecd03d9"), (71, K, M, "e4641600cedd7e92063deaea078878df56113520"),
    (72, K, "", "f91752af03efca7dc99e26861d6976973132fc26"), (73, K, M, "1b9be9ff312281edf9c21515f87787a0a9eecadf"),
    (74, K, "", "0000000000000000000000000000000000000000"), (75, K, M, "0000000000000000000000000000000000000000"),
    (76, K, "", "ffffffffffffffffffffffffffffffffffffffff"), (77, K, M, "ffffffffffffffffffffffffffffffffffffffff"),
    (78, K, "", "86682dd07c90b502b6e159f9621609e84e4d8359"), (79, K, M, "64e496804e5dfe9286bd6a6a8708f8dfd691b5a0"),
    (80, K, "", "07e9ac51fd1134833760d878e3978869cfcc02d8"), (81, K, M, "e5651701cfdc7f13073cebeb0689795e57103421"),
    # tagSize 80, valid
    (82, "5ece0769742feabb6644469c9b264326b3deb126", "", "344f8351f1d2773cae9e"),
    (83, "4ee9f9a93b2ddfe551281b397ccef844fc21af3a", "2d", "3aab1a2c9a2f2b8ac840"),
    (84, "dfeebe9a5c181afc605ff63b22bf349ebdb6c7fb", "a5f3", "c3b7152230dacae4ef48"),
    (85, "c5147ecd59b7d42315d5e3a55ec8b3a320c8d615", "371777", "0abb78a2c67c565f89b1"),
    (86, "db0da5659ba69ce195a69524508e437c688f7147", "4ef4ec44", "4062faeb0b406698b740"),
    (87, "495d6c1191852ecaf0573e6a77610c32acf5a117", "1566ae63ce", "45cbefcd9c7eeee37ae5"),
    (88, "e5cfe7dc67514c4c75d28bb805d0700bdea0d669", "af1a6b15b622", "e867269d506a37e8a62d"),
    (89, "cf1b8b902512186e38c38165d6e587bceecae87f", "a59512152c7221", "1a125b21412cdc596894"),
    (90, "d0157fb40c7739ae506aad7de60f32ccc3325583", "1292df8d53d16f3c", "9224f11bff0e49b9aa95"),
    (91, "fd55b81edd55a15bff409129e9930f1ba1763c33", "05220a6997533c699b", "3b2d07dc8ca206ba16c4"),
    (92, "079937cf3bd42864d5b15c62bdd92f275597316d", "5ac13ce1b1f77724e281", "0c24afcdadd8538977b1"),
    (93, "545b13e1f39f0b7ca9252bc596277278166ad410", "08a7bc90732d54381b6e30", "9bf7f121365a82c2ac69"),
    (94, "25385e9f89b66098ee8162aeca03bb45b313561f", "bff236aad71fb5daf7fc43b8", "44db86e7a1476226dd86"),
    (95, "9b68139d93a88fe34cf9f83006c03b3164b60468", "ad672b9719c10863fd6fa8db88", "2d17a88d87aae7dbaced"),
    (96, "c3b785915e137544dac542cb4bdb16d53036fb11", "f8c1edb469b93c073b6f6bf74cca", "16713d61fbb4149f500b"),
    (97, "da67475185b3615055f971819db27871b23c75d0", "a176533319bee5e43d8f0eafb77bb3", "fceece892852d4a26070"),
    (98, "0cf146ca7a254db1e001a29ad03c5e6dcbe7140a", "a83df5d099854eb6ead7031c51460357", "9bcf7513206e27a4697d"),
    (99, "e038dff028227dc4b4d7453db3070108465dd5b2", "7ae4e30834db449e4244a9fc0322193e7a", "9aa8544a9afdd920c0f2"),
    (100, "b399fcfd1ad32140879aa0556ac34d8b5ac267f2", "0e3f0fc5cb1456fede99f86a056f640b8f5e5e1b612f25f6", "fa095c6faed0f086b215"),
    (101, "2bf7d201ef44241a22ae4b81aab910d22c2db918", "aa0afaf3af36548227349adcfcb6bf998a7fa78d29b87a0f50609c42edcdb3dd", "708ec45d410b1fe075c8"),
    # tagSize 80, ModifiedTag
    (109, K, "", "07e8ad50fc1035823661"), (110, K, M, "e5641600cedd7e12063d"),
    (111, K, "", "04e8ad50fc1035823661"), (112, K, M, "e6641600cedd7e12063d"),
    (113, K, "", "86e8ad50fc1035823661"), (114, K, M, "64641600cedd7e12063d"),
    (115, K, "", "06e9ad50fc1035823661"), (116, K, M, "e4651600cedd7e12063d"),
    (117, K, "", "06e8ac50fc1035823661"), (118, K, M, "e4641700cedd7e12063d"),
    (119, K, "", "06e8af50fc1035823661"), (120, K, M, "e4641400cedd7e12063d"),
    (121, K, "", "06e82d50fc1035823661"), (122, K, M, "e4649600cedd7e12063d"),
    (123, K, "", "06e8add0fc1035823661"), (124, K, M, "e4641680cedd7e12063d"),
    (125, K, "", "06e8ad50fd1035823661"), (126, K, M, "e4641600cfdd7e12063d"),
    (127, K, "", "06e8ad50fe1035823661"), (128, K, M, "e4641600ccdd7e12063d"),
    (129, K, "", "06e8ad50fc1035023661"), (130, K, M, "e4641600cedd7e92063d"),
    (131, K, "", "06e8ad50fc1035823761"), (132, K, M, "e4641600cedd7e12073d"),
    (133, K, "", "06e8ad50fc103582b661"), (134, K, M, "e4641600cedd7e12863d"),
    (135, K, "", "06e8ad50fc1035823660"), (136, K, M, "e4641600cedd7e12063c"),
    (137, K, "", "06e8ad50fc1035823663"), (138, K, M, "e4641600cedd7e12063f"),
    (139, K, "", "06e8ad50fc1035823641"), (140, K, M, "e4641600cedd7e12061d"),
    (141, K, "", "06e8ad50fc1035823621"), (142, K, M, "e4641600cedd7e12067d"),
    (143, K, "", "06e8ad50fc10358236e1"), (144, K, M, "e4641600cedd7e1206bd"),
    (145, K, "", "07e8ad50fc1035823761"), (146, K, M, "e5641600cedd7e12073d"),
    (147, K, "", "06e8add0fc1035023661"), (148, K, M, "e4641680cedd7e92063d"),
    (149, K, "", "f91752af03efca7dc99e"), (150, K, M, "1b9be9ff312281edf9c2"),
    (151, K, "", "00000000000000000000"), (152, K, M, "00000000000000000000"),
    (153, K, "", "ffffffffffffffffffff"), (154, K, M, "ffffffffffffffffffff"),
    (155, K, "", "86682dd07c90b502b6e1"), (156, K, M, "64e496804e5dfe9286bd"),
    (157, K, "", "07e9ac51fd1134833760"), (158, K, M, "e5651701cfdc7f13073c"),
    # short keys (80 bits), tagSize 160 then 80, valid
    (159, "1d9535a0daea9dfe443a", "", "7436089fede3291c0c421c9ad13c357ec8660bae"),
    (160, "f5c2c420c6f056467fca", "bc8a29f52e57581cb89a86e5d644a14d", "1eb76df7235c52371d86113f5423628b2eb7c3d5"),
    (161, "e59b0276e27a0abc75f1", "061ca1a1af51c5133728c414f9646b3f50223e9b2055707032e754dc1d31964b", "2081260f65316df2956aac723a9bd7d2225a8669"),
    (162, "b18aba1171cc2ffc7d58", "", "deeb3d6d81e33d1cad21"),
    (163, "23082066e8c45da82fc6", "06c19c6ee4d2f015769f6d46eb46d6b4", "747cd928e8831917c855"),
    (164, "a6fa1e04df38a78667eb", "51a4ea38e5566d6fd803aec5e073e087e9ae00d37d4a98d559074ebffc7658b7", "ec8c200c1ddad6d3aad0"),
    # long keys (520 bits, longer than a block: hashed first), tagSize 160 then 80, valid
    (165, "ab92e2cd40e00b40c4442dd7671c067c7792af28e60f2585e87f163bf3bdfca7f553cec71b0065025500c48e2070984ad9e24e733107ebfde27164a4828981ac20",
     "", "7a29b47ff6ae90c99573d8c922a23e83a62b66bc"),
    (166, "3b47a5d5b72babe116e61919600cb980c904c298ab91fae3db9c82b0f38a18888bc05a418d65d68f8850937559bb37325bce04d0e5d175a24fea309895f5705ad7",
     "d71862028fcaf13422bf32ac0c5f079b", "8019231e77aca645182670cadf887afd4b4115a7"),
    (167, "6e6c43df9bb6c6b8fe414a183e738508f0aca41d5beef6df1b260c39e1979b54683622a4d53354231bef6c35e129f85f822ba09198aa30c65ee60e4202de8cd102",
     "98f0a4b9a36e173d89730a3b370777c499b4cff2846f50bfb88fbbbc547cbae4", "d1653c90fc591e3a3c285a3be8b12ca9b2121e88"),
    (168, "4f00fd17ae82a6252ada98280bbd895d743fc4c20bc9e615d8a786c79e454c2b1341e24254fa0371fac86e7c0ef1a7df5c16f3b3569fda112cca8685faecbb8923",
     "", "6802ca52be056d66b9a0"),
    (169, "d22ec568909990c213679f7072eaf19763508ebde6962c75e7429c5f2454d4b5472811eea8e02fdc89ec386bc6f41d2ad8a91d116b2cbc52b80d357127d1555a66",
     "f71b43e0cc64b5409e6501ca55a8d450", "d492a296860cc5a89c5f"),
    (170, "bcf6ad6e5c7e2200299ea8602efb42b409292346f78a0e57a789ba17b17ed608e88497e2bb4ebbbb3ce7750d222b3bdf848d4dc8d49b5b60378fb93ce3f66ab4eb",
     "586f5ddbc372c0711b77e4b87d345d62b6de55a1ce6fa18de3346c86be5cec6e", "1de9aefcc53130245a6e"),
]

MODIFIED = set(range(28, 82)) | set(range(109, 159))


def main():
    tests = []
    for tc_id, key, msg, tag in SHA1:
        result = "invalid" if tc_id in MODIFIED else "valid"
        full = hmac.new(bytes.fromhex(key), bytes.fromhex(msg), hashlib.sha1).digest()
        matches = full[: len(tag) // 2] == bytes.fromhex(tag)
        if matches != (result == "valid"):
            raise SystemExit("tcId %d does not check out: transcription error?" % tc_id)
        tests.append({"tcId": tc_id, "digest": "sha1", "key": key, "msg": msg, "tag": tag, "result": result,
                      "flag": "ModifiedTag" if result == "invalid" else "Pseudorandom"})
    json.dump({"source": "Wycheproof testvectors_v1/hmac_sha1_test.json (numberOfTests 170)",
               "tests": tests}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
